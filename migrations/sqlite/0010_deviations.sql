-- Deviations (afwijkingen): a coach's recorded override of a hard rule of
-- matching when booking a placement — the rules broken, the reason, who
-- and when. The row carries the participant: ON DELETE CASCADE erases the
-- reason with the participant's personal data, while the placement stays
-- as an anonymous record.
CREATE TABLE placement_deviations (
    placement_id   TEXT PRIMARY KEY REFERENCES placements (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    rules          text NOT NULL,
    reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    created_by     text NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX placement_deviations_participant_idx ON placement_deviations (participant_id);

-- What an audit entry is about beyond its action, for the entry of a
-- booking that deviates: the rules' keys, never the reason's words.
ALTER TABLE audit_log ADD COLUMN detail text;
