-- A participant's phase history: each phase with the day it began and the
-- coach's reason for the change (none for the first). Personal data: ON
-- DELETE CASCADE on the participant erases it. Existing participants start
-- with their current phase, from the day their profile was made.
CREATE TABLE participant_phases (
    id             uuid PRIMARY KEY,
    participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    phase          text NOT NULL,
    since          date NOT NULL,
    reason         text NOT NULL CHECK (length(reason) <= 200),
    recorded_at    timestamptz NOT NULL
);
CREATE INDEX participant_phases_idx ON participant_phases (participant_id, recorded_at);
INSERT INTO participant_phases (id, participant_id, phase, since, reason, recorded_at)
    SELECT id, id, phase, (created_at AT TIME ZONE 'Europe/Amsterdam')::date, '', created_at FROM participants;
