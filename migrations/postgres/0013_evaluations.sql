-- Evaluations of placements (evaluaties): the werkplek's observations and
-- the coach's conversation with the participant, at the start, every few
-- weeks and at the end (docs/EVALUATIONS.md).
--
-- An evaluation is the participant's personal data: ON DELETE CASCADE on
-- the participant erases it (deletion and the retention policy). The
-- scores are JSON arrays of {id, score|voortgang|niveau}; the texts are
-- bounded as the API bounds them.
CREATE TABLE evaluations (
    id              uuid PRIMARY KEY,
    placement_id    uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    participant_id  uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('start', 'tussen', 'eind')),
    side            text NOT NULL CHECK (side IN ('werkplek', 'coach')),
    work_skills     text NOT NULL,
    goals           text NOT NULL,
    skills          text NOT NULL,
    note            text NOT NULL CHECK (length(note) <= 1000),
    feeling         integer CHECK (feeling IS NULL OR feeling BETWEEN 1 AND 5),
    participant_says text CHECK (participant_says IS NULL OR length(participant_says) <= 500),
    ladder          integer CHECK (ladder IS NULL OR ladder BETWEEN 1 AND 6),
    attendance      text NOT NULL,
    author_id       uuid REFERENCES users (id) ON DELETE SET NULL,
    author_name     text NOT NULL,
    author_role     text NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX evaluations_placement_idx ON evaluations (placement_id, created_at);
CREATE INDEX evaluations_participant_idx ON evaluations (participant_id);
-- The daily sweep asks whether a moment was told already, by its key.
CREATE INDEX notifications_key_idx ON notifications (dedup_key);
