-- The audit log of access to participant data (NEN 7513): append-only.
-- No foreign keys: an entry outlives the user and the participant it names,
-- and erasing a participant must not erase who looked at their file.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TIMESTAMP NOT NULL,
    user_id        TEXT NOT NULL,
    user_name      TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('beheerder', 'coach', 'partner', 'manager', 'systeem')),
    on_behalf_of   TEXT,
    action         TEXT NOT NULL CHECK (action IN ('lezen', 'aanmaken', 'wijzigen', 'verwijderen', 'matchen', 'exporteren', 'anonimiseren')),
    participant_id TEXT NOT NULL,
    endpoint       TEXT NOT NULL,
    request_id     TEXT NOT NULL
);
CREATE INDEX audit_log_participant_idx ON audit_log (participant_id, at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- Append-only, whoever writes: updates and deletes are refused.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
