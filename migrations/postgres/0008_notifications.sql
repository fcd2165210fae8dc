-- Notifications (meldingen): what happened to a user's placements, shown in
-- the app and mailed by a background worker. A row is written in the same
-- transaction as the change that causes it, so an event is never lost; the
-- mail columns make the table its own outbox. A notification holds only the
-- participant's pseudonymous code, the offer title, a sentence and a link —
-- never profile content — so neither the app nor a mail can show more.

ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT '' CHECK (length(email) <= 254);
-- The hour (Dutch time) at which a user's daily digest is mailed.
ALTER TABLE users ADD COLUMN digest_hour integer NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23);

CREATE TABLE notifications (
    id               uuid PRIMARY KEY,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind             text NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
    placement_id     uuid REFERENCES placements (id) ON DELETE CASCADE,
    offer_id         uuid REFERENCES offers (id) ON DELETE CASCADE,
    participant_code text NOT NULL DEFAULT '',
    offer_title      text NOT NULL DEFAULT '',
    text             text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    link             text NOT NULL DEFAULT '' CHECK (link = '' OR link LIKE '/%'),
    -- An event that may happen only once (a proposal expires in 2 days) has
    -- a key; NULL keys never collide.
    dedup_key        text,
    created_at       timestamptz NOT NULL,
    read_at          timestamptz,
    mail_state       text NOT NULL DEFAULT 'none' CHECK (mail_state IN ('none', 'pending', 'digest', 'sent', 'failed')),
    mail_due_at      timestamptz,
    -- The first delivery attempt: retries stop 24 hours after it.
    first_attempt_at timestamptz,
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error       text NOT NULL DEFAULT '',
    lease_owner      text NOT NULL DEFAULT '',
    lease_until      timestamptz,
    sent_at          timestamptz,
    message_id       text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX notifications_dedup_idx ON notifications (user_id, dedup_key);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_due_idx ON notifications (mail_due_at) WHERE mail_state IN ('pending', 'digest');
CREATE INDEX notifications_failed_idx ON notifications (created_at) WHERE mail_state = 'failed';
CREATE INDEX notifications_placement_idx ON notifications (placement_id);
CREATE INDEX notifications_offer_idx ON notifications (offer_id);

-- How a user wants each kind mailed; a kind without a row is mailed directly.
CREATE TABLE notification_preferences (
    user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     text NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
    delivery text NOT NULL CHECK (delivery IN ('direct', 'dagelijks', 'uit')),
    PRIMARY KEY (user_id, kind)
);
