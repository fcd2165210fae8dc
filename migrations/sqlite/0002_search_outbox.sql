-- The search index is a cache of the database. Every write to what the
-- index shows adds a row here in the same transaction; the indexer applies
-- the rows after its position, in seq order. SQLite has one writer at a
-- time, so seq order is commit order.
CREATE TABLE search_outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('werkplek', 'werksoort')),
    entity_id  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The outbox's identity: an index built from another database (a restore,
-- a new installation) carries another epoch and is rebuilt.
CREATE TABLE search_epoch (
    epoch TEXT NOT NULL
);
INSERT INTO search_epoch (epoch) VALUES (lower(hex(randomblob(16))));
