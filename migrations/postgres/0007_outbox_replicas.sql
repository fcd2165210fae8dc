-- How far each replica's search index has applied the outbox, so that the
-- entries every replica has applied can be pruned (the outbox would
-- otherwise grow by every write forever). A replica is known by an id it
-- keeps in its data folder, next to its index. pruned_through says up to
-- which seq entries may be gone: an index behind it has missed some and is
-- rebuilt.
CREATE TABLE search_replicas (
    id       text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    position bigint NOT NULL CHECK (position >= 0),
    seen_at  timestamptz NOT NULL
);

ALTER TABLE search_epoch ADD COLUMN pruned_through bigint NOT NULL DEFAULT 0;
