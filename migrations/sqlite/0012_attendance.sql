-- Attendance per day-part date of a placement (aanwezigheid): the werkplek
-- or the coach marks each day-part the participant was expected as
-- present, absent with notice or absent without notice. The placement's
-- missed hours are derived from these marks.
--
-- A mark is the participant's personal data: ON DELETE CASCADE on the
-- participant erases it (deletion and the retention policy), while the
-- placement and its total of missed hours stay as an anonymous record.
CREATE TABLE attendance (
    placement_id   TEXT NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    date           TEXT NOT NULL CHECK (date = date(date)),
    day_part       TEXT NOT NULL CHECK (day_part IN ('ma-ochtend', 'ma-middag', 'di-ochtend', 'di-middag', 'wo-ochtend', 'wo-middag', 'do-ochtend', 'do-middag', 'vr-ochtend', 'vr-middag')),
    status         TEXT NOT NULL CHECK (status IN ('aanwezig', 'afwezig-met-bericht', 'afwezig-zonder-bericht')),
    recorded_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    recorded_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (placement_id, date, day_part)
);
CREATE INDEX attendance_participant_idx ON attendance (participant_id);

-- How many day-parts a week a participant wants to work (gewensteDagdelen),
-- for the planner; NULL: the planner's default.
ALTER TABLE participants ADD COLUMN desired_day_parts INTEGER CHECK (desired_day_parts IS NULL OR desired_day_parts BETWEEN 1 AND 10);
