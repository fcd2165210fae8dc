-- Voordrachten (proposals with what the werkplek may know), the answers to
-- them and the message thread of a placement.
--
-- Every row carries the participant: ON DELETE CASCADE erases the frozen
-- profile items, the answers and the messages with the participant's
-- personal data (deletion and the retention policy), while the placement
-- itself stays as an anonymous record.
--
-- An accepted placement that has not started keeps status 'voorgesteld'
-- (it holds its places as before, without a hold limit) and gets
-- accepted_at; the store reports it as 'geaccepteerd' and the sweep makes
-- it 'actief' on its start date.
ALTER TABLE placements ADD COLUMN accepted_at TIMESTAMP;
-- The werkplek's first answer and its decline reason stay on the placement,
-- which is anonymous once the participant is erased: the manager's figures
-- on answers outlive the voordracht.
ALTER TABLE placements ADD COLUMN answered_at TIMESTAMP;
ALTER TABLE placements ADD COLUMN decline_reason TEXT CHECK (decline_reason IS NULL OR decline_reason IN ('geen-plek', 'past-niet-bij-het-werk', 'begeleiding-niet-haalbaar', 'reisafstand', 'te-weinig-informatie', 'niet-verschenen', 'overig'));
CREATE INDEX placements_accepted_idx ON placements (status, accepted_at);

CREATE TABLE proposals (
    placement_id   TEXT PRIMARY KEY REFERENCES placements (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    coach_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    shared         text NOT NULL,
    note           text NOT NULL CHECK (length(note) <= 1000),
    consent        INTEGER NOT NULL,
    consent_by     text,
    consent_at     TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    CHECK (consent = 1 OR (shared = '[]' AND note = '')),
    CHECK (consent = 0 OR (consent_by IS NOT NULL AND consent_at IS NOT NULL))
);
CREATE INDEX proposals_participant_idx ON proposals (participant_id);

CREATE TABLE proposal_answers (
    id             TEXT PRIMARY KEY,
    placement_id   TEXT NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    decision       text NOT NULL CHECK (decision IN ('kennismaken', 'accepteren', 'afwijzen', 'akkoord', 'ander-tijdstip')),
    reason         text CHECK (reason IS NULL OR reason IN ('geen-plek', 'past-niet-bij-het-werk', 'begeleiding-niet-haalbaar', 'reisafstand', 'te-weinig-informatie', 'niet-verschenen', 'overig')),
    note           text NOT NULL,
    intake_at      TIMESTAMP,
    intake_place   text NOT NULL,
    intake_with    text NOT NULL,
    start_date     TEXT CHECK (start_date IS NULL OR start_date = date(start_date)),
    user_id        TEXT REFERENCES users (id) ON DELETE SET NULL,
    user_name      text NOT NULL,
    role           text NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX proposal_answers_placement_idx ON proposal_answers (placement_id, created_at);
CREATE INDEX proposal_answers_participant_idx ON proposal_answers (participant_id);

CREATE TABLE placement_messages (
    id             TEXT PRIMARY KEY,
    placement_id   TEXT NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    user_id        TEXT REFERENCES users (id) ON DELETE SET NULL,
    user_name      text NOT NULL,
    role           text NOT NULL,
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX placement_messages_placement_idx ON placement_messages (placement_id, created_at);
CREATE INDEX placement_messages_participant_idx ON placement_messages (participant_id);
