-- The audit log of access to participant data (NEN 7513): append-only.
-- No foreign keys: an entry outlives the user and the participant it names,
-- and erasing a participant must not erase who looked at their file.
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL,
    user_id        text NOT NULL,
    user_name      text NOT NULL,
    role           text NOT NULL CHECK (role IN ('beheerder', 'coach', 'partner', 'manager', 'systeem')),
    on_behalf_of   text,
    action         text NOT NULL CHECK (action IN ('lezen', 'aanmaken', 'wijzigen', 'verwijderen', 'matchen', 'exporteren', 'anonimiseren')),
    participant_id text NOT NULL,
    endpoint       text NOT NULL,
    request_id     text NOT NULL
);
CREATE INDEX audit_log_participant_idx ON audit_log (participant_id, at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- Append-only, whoever writes: updates, deletes and truncation are refused.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
