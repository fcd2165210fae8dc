-- Logging in to the web pages: a username and password per user, browser
-- sessions, and failed logins for throttling (shared by every replica).
--
-- Passwords are stored as argon2id hashes (PHC strings). A session is known
-- by the SHA-256 of its cookie value only; it carries a short-lived API
-- token of its own, sealed with a key derived from the cookie value, so the
-- table alone opens nothing. Revoking the token or deleting the user ends
-- the session.
CREATE TABLE credentials (
    user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    username      text NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 64 AND username = lower(username)),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    updated_at    timestamptz NOT NULL
);

CREATE TABLE sessions (
    hash         text PRIMARY KEY CHECK (length(hash) = 64),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_id     uuid NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    sealed_token text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_token_idx ON sessions (token_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- One row per failed login, per key: the SHA-256 of a username or of a
-- client address, never the name or address itself.
CREATE TABLE login_failures (
    key_hash  text NOT NULL CHECK (length(key_hash) = 64),
    failed_at timestamptz NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (key_hash, failed_at);
CREATE INDEX login_failures_time_idx ON login_failures (failed_at);
