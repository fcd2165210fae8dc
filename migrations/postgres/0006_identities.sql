-- Single sign-on: accounts at the municipality's identity provider (OpenID
-- Connect) linked to users. The issuer and the subject name an account for
-- good; a user has at most one per issuer. Deleting the user removes the
-- link, so a later sign-in with that account starts afresh.
CREATE TABLE identities (
    issuer     text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 255),
    subject    text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (issuer, subject),
    UNIQUE (user_id, issuer)
);
