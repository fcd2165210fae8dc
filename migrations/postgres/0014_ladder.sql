-- The rung of the participatieladder at intake (1 geïsoleerd … 6 betaald
-- werk), the instrument Dutch municipalities report on; the final
-- evaluations record it later (evaluations.ladder). NULL: not known.
ALTER TABLE participants ADD COLUMN ladder integer CHECK (ladder IS NULL OR ladder BETWEEN 1 AND 6);
