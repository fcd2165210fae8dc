-- The search index is a cache of the database. Every write to what the
-- index shows adds a row here in the same transaction; each replica's
-- indexer applies the rows after its own position, in seq order. Writers
-- take a transaction-level advisory lock before adding rows, so seq order
-- is commit order and no indexer can skip a row that commits late.
CREATE TABLE search_outbox (
    seq        bigserial PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('werkplek', 'werksoort')),
    entity_id  uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The outbox's identity: an index built from another database (a restore,
-- a new installation) carries another epoch and is rebuilt.
CREATE TABLE search_epoch (
    epoch text NOT NULL
);
INSERT INTO search_epoch (epoch) VALUES (gen_random_uuid()::text);
