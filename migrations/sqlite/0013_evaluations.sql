-- Evaluations of placements (evaluaties): the werkplek's observations and
-- the coach's conversation with the participant, at the start, every few
-- weeks and at the end (docs/EVALUATIONS.md).
--
-- An evaluation is the participant's personal data: ON DELETE CASCADE on
-- the participant erases it (deletion and the retention policy). The
-- scores are JSON arrays of {id, score|voortgang|niveau}; the texts are
-- bounded as the API bounds them.
CREATE TABLE evaluations (
    id              TEXT PRIMARY KEY,
    placement_id    TEXT NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    participant_id  TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('start', 'tussen', 'eind')),
    side            TEXT NOT NULL CHECK (side IN ('werkplek', 'coach')),
    work_skills     TEXT NOT NULL,
    goals           TEXT NOT NULL,
    skills          TEXT NOT NULL,
    note            TEXT NOT NULL CHECK (length(note) <= 1000),
    feeling         INTEGER CHECK (feeling IS NULL OR feeling BETWEEN 1 AND 5),
    participant_says TEXT CHECK (participant_says IS NULL OR length(participant_says) <= 500),
    ladder          INTEGER CHECK (ladder IS NULL OR ladder BETWEEN 1 AND 6),
    attendance      TEXT NOT NULL,
    author_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    author_name     TEXT NOT NULL,
    author_role     TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX evaluations_placement_idx ON evaluations (placement_id, created_at);
CREATE INDEX evaluations_participant_idx ON evaluations (participant_id);
-- The daily sweep asks whether a moment was told already, by its key.
CREATE INDEX notifications_key_idx ON notifications (dedup_key);
