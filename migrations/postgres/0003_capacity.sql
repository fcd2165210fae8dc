-- Capacity: reserved places (contingents) and the placement facts they and
-- the proposal hold need.
--
-- A placement remembers the organisation that referred its participant at
-- booking time, as it remembers the target group: whether it used a
-- contingent's places must not change when a profile changes or is deleted.
-- A proposal holds its places until hold_until; after that it is cancelled
-- with cancel_reason 'verlopen'.
ALTER TABLE placements ADD COLUMN referrer_id uuid REFERENCES organisations (id) ON DELETE SET NULL;
ALTER TABLE placements ADD COLUMN hold_until timestamptz;
ALTER TABLE placements ADD COLUMN cancel_reason text CHECK (cancel_reason IS NULL OR cancel_reason IN ('verlopen', 'deelnemer-ziet-af', 'werkplek-ziet-af', 'andere-plaatsing', 'overig'));
UPDATE placements SET referrer_id = p.referrer_id FROM participants p WHERE p.id = placements.participant_id;
CREATE INDEX placements_hold_idx ON placements (status, hold_until);
CREATE INDEX placements_referrer_idx ON placements (referrer_id);

-- A contingent reserves places per day-part over a set of offers for the
-- participants that a set of organisations (the GON partners) refer.
CREATE TABLE contingents (
    id           uuid PRIMARY KEY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    release_days integer NOT NULL DEFAULT 0 CHECK (release_days BETWEEN 0 AND 365),
    start_date   date NOT NULL,
    end_date     date CHECK (end_date IS NULL OR end_date >= start_date),
    version      integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE contingent_offers (
    contingent_id uuid NOT NULL REFERENCES contingents (id) ON DELETE CASCADE,
    offer_id      uuid NOT NULL REFERENCES offers (id) ON DELETE RESTRICT,
    position      integer NOT NULL,
    PRIMARY KEY (contingent_id, offer_id)
);
CREATE INDEX contingent_offers_offer_idx ON contingent_offers (offer_id);

CREATE TABLE contingent_referrers (
    contingent_id   uuid NOT NULL REFERENCES contingents (id) ON DELETE CASCADE,
    organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    position        integer NOT NULL,
    PRIMARY KEY (contingent_id, organisation_id)
);
CREATE INDEX contingent_referrers_organisation_idx ON contingent_referrers (organisation_id);

CREATE TABLE contingent_places (
    contingent_id uuid NOT NULL REFERENCES contingents (id) ON DELETE CASCADE,
    day_part      text NOT NULL CHECK (day_part IN ('ma-ochtend', 'ma-middag', 'di-ochtend', 'di-middag', 'wo-ochtend', 'wo-middag', 'do-ochtend', 'do-middag', 'vr-ochtend', 'vr-middag')),
    places        integer NOT NULL CHECK (places BETWEEN 1 AND 5000),
    PRIMARY KEY (contingent_id, day_part)
);
