-- A participant's phase history: each phase with the day it began and the
-- coach's reason for the change (none for the first). Personal data: ON
-- DELETE CASCADE on the participant erases it. Existing participants start
-- with their current phase, from the day their profile was made.
CREATE TABLE participant_phases (
    id             TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    phase          TEXT NOT NULL,
    since          TEXT NOT NULL CHECK (since = date(since)),
    reason         TEXT NOT NULL CHECK (length(reason) <= 200),
    recorded_at    TIMESTAMP NOT NULL
);
CREATE INDEX participant_phases_idx ON participant_phases (participant_id, recorded_at);
INSERT INTO participant_phases (id, participant_id, phase, since, reason, recorded_at)
    SELECT id, id, phase, date(created_at), '', created_at FROM participants;
