-- The foundation: organisations, users and tokens, the catalogue of skills
-- and work types, offers with capacity per day-part, participants and
-- placements. Rules live here too, not only in Go: a row that breaks them
-- cannot exist, whoever writes it.

CREATE TABLE organisations (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        text NOT NULL CHECK (kind IN ('afdeling', 'sociale-onderneming', 'zorgaanbieder', 'onderwijs', 'overig')),
    postcode    text NOT NULL CHECK (postcode ~ '^[1-9][0-9]{3}$'),
    place       text NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
    version     integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE users (
    id              uuid PRIMARY KEY,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role            text NOT NULL CHECK (role IN ('beheerder', 'coach', 'partner', 'manager')),
    organisation_id uuid REFERENCES organisations (id) ON DELETE RESTRICT,
    version         integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK (role <> 'partner' OR organisation_id IS NOT NULL)
);
CREATE INDEX users_organisation_idx ON users (organisation_id);

-- Only a SHA-256 hash of a token is stored: a leaked table opens nothing.
CREATE TABLE tokens (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    hash         text NOT NULL UNIQUE CHECK (length(hash) = 64),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX tokens_user_idx ON tokens (user_id);

CREATE TABLE skills (
    id         uuid PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    esco_uri   text NOT NULL UNIQUE,
    group_name text NOT NULL
);
CREATE INDEX skills_name_idx ON skills (lower(name));

CREATE TABLE work_types (
    id            uuid PRIMARY KEY,
    code          text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description   text NOT NULL DEFAULT '',
    physical_load text NOT NULL CHECK (physical_load IN ('laag', 'midden', 'hoog')),
    environment   text NOT NULL CHECK (environment IN ('binnen', 'buiten', 'beide')),
    version       integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE work_type_esco_codes (
    work_type_id uuid NOT NULL REFERENCES work_types (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    esco_code    text NOT NULL CHECK (esco_code ~ '^[0-9]{4}(\.[0-9]+)*$'),
    PRIMARY KEY (work_type_id, esco_code)
);

CREATE TABLE work_type_skills (
    work_type_id uuid NOT NULL REFERENCES work_types (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    skill_id     uuid NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
    PRIMARY KEY (work_type_id, skill_id)
);

CREATE TABLE offers (
    id                uuid PRIMARY KEY,
    organisation_id   uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description       text NOT NULL DEFAULT '',
    work_type_id      uuid NOT NULL REFERENCES work_types (id) ON DELETE RESTRICT,
    supervision       integer NOT NULL CHECK (supervision BETWEEN 1 AND 4),
    physical_load     text NOT NULL CHECK (physical_load IN ('laag', 'midden', 'hoog')),
    postcode          text NOT NULL CHECK (postcode ~ '^[1-9][0-9]{3}$'),
    public_transport  boolean NOT NULL DEFAULT false,
    wheelchair        boolean NOT NULL DEFAULT false,
    status            text NOT NULL CHECK (status IN ('open', 'gepauzeerd', 'gesloten')),
    development_place boolean NOT NULL DEFAULT false,
    version           integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX offers_organisation_idx ON offers (organisation_id);
CREATE INDEX offers_work_type_idx ON offers (work_type_id);
CREATE INDEX offers_status_idx ON offers (status);

CREATE TABLE offer_skills (
    offer_id uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    skill_id uuid NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
    kind     text NOT NULL CHECK (kind IN ('vereist', 'leerbaar')),
    position integer NOT NULL,
    PRIMARY KEY (offer_id, kind, skill_id)
);

CREATE TABLE offer_capacity (
    offer_id uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    day_part text NOT NULL CHECK (day_part IN ('ma-ochtend', 'ma-middag', 'di-ochtend', 'di-middag', 'wo-ochtend', 'wo-middag', 'do-ochtend', 'do-middag', 'vr-ochtend', 'vr-middag')),
    places   integer NOT NULL CHECK (places BETWEEN 1 AND 500),
    PRIMARY KEY (offer_id, day_part)
);

CREATE TABLE offer_target_groups (
    offer_id     uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    target_group text NOT NULL CHECK (target_group IN ('dagbesteding-wmo', 'statushouder', 'beschut-voortraject', 'banenafspraak', 're-socialisatie', 'detachering', 'jongere-zonder-diploma', 'pro-vso-entree', 'verslavingszorg', 'ggz-beschermd-wonen', 'langdurig-bijstand', 'overig')),
    position     integer NOT NULL,
    PRIMARY KEY (offer_id, target_group)
);

-- Participants are pseudonymous: a code, a PC4 area, and what matching
-- needs. No name, no birth date, no BSN, no diagnosis.
CREATE TABLE participants (
    id               uuid PRIMARY KEY,
    code             text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9-]{2,31}$'),
    coach_id         uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    referrer_id      uuid REFERENCES organisations (id) ON DELETE RESTRICT,
    target_group     text NOT NULL CHECK (target_group IN ('dagbesteding-wmo', 'statushouder', 'beschut-voortraject', 'banenafspraak', 're-socialisatie', 'detachering', 'jongere-zonder-diploma', 'pro-vso-entree', 'verslavingszorg', 'ggz-beschermd-wonen', 'langdurig-bijstand', 'overig')),
    phase            text NOT NULL CHECK (phase IN ('intake', 'voortraject', 'ontwikkelplek', 'beschut', 'banenafspraak', 'uitgestroomd')),
    postcode         text NOT NULL CHECK (postcode ~ '^[1-9][0-9]{3}$'),
    max_travel_km    integer NOT NULL CHECK (max_travel_km BETWEEN 0 AND 200),
    supervision_need integer NOT NULL CHECK (supervision_need BETWEEN 1 AND 4),
    load_capacity    text NOT NULL CHECK (load_capacity IN ('laag', 'midden', 'hoog')),
    wheelchair       boolean NOT NULL DEFAULT false,
    language_level   text NOT NULL CHECK (language_level IN ('A0', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    waiting_since    date,
    version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX participants_coach_idx ON participants (coach_id);
CREATE INDEX participants_referrer_idx ON participants (referrer_id);

CREATE TABLE participant_availability (
    participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    day_part       text NOT NULL CHECK (day_part IN ('ma-ochtend', 'ma-middag', 'di-ochtend', 'di-middag', 'wo-ochtend', 'wo-middag', 'do-ochtend', 'do-middag', 'vr-ochtend', 'vr-middag')),
    PRIMARY KEY (participant_id, day_part)
);

CREATE TABLE participant_skills (
    participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    skill_id       uuid NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
    level          integer NOT NULL CHECK (level BETWEEN 1 AND 3),
    position       integer NOT NULL,
    PRIMARY KEY (participant_id, skill_id)
);

-- One row per work type a participant likes or avoids; the key makes
-- "both interested and avoiding" impossible.
CREATE TABLE participant_work_types (
    participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    work_type_id   uuid NOT NULL REFERENCES work_types (id) ON DELETE CASCADE,
    kind           text NOT NULL CHECK (kind IN ('interesse', 'vermijden')),
    position       integer NOT NULL,
    PRIMARY KEY (participant_id, work_type_id)
);

CREATE TABLE participant_goals (
    participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    skill_id       uuid NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
    position       integer NOT NULL,
    PRIMARY KEY (participant_id, skill_id)
);

CREATE TABLE participant_shares (
    participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    coach_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position       integer NOT NULL,
    PRIMARY KEY (participant_id, coach_id)
);
CREATE INDEX participant_shares_coach_idx ON participant_shares (coach_id);

-- A placement outlives the participant's personal data: deleting a
-- participant sets participant_id to NULL and keeps the target group, so
-- variety and dropout statistics stay right without identifying anyone.
CREATE TABLE placements (
    id             uuid PRIMARY KEY,
    participant_id uuid REFERENCES participants (id) ON DELETE SET NULL,
    target_group   text NOT NULL,
    offer_id       uuid NOT NULL REFERENCES offers (id) ON DELETE RESTRICT,
    start_date     date NOT NULL,
    end_date       date CHECK (end_date IS NULL OR end_date >= start_date),
    status         text NOT NULL CHECK (status IN ('voorgesteld', 'actief', 'afgerond', 'uitgevallen', 'geannuleerd')),
    result         text,
    dropout_reason text,
    caused_by      text CHECK (caused_by IS NULL OR caused_by IN ('deelnemer', 'werkplek', 'beide', 'extern')),
    missed_hours   integer NOT NULL DEFAULT 0 CHECK (missed_hours >= 0),
    version        integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    CHECK (status NOT IN ('afgerond', 'uitgevallen') OR result IS NOT NULL)
);
CREATE INDEX placements_participant_idx ON placements (participant_id);
CREATE INDEX placements_offer_idx ON placements (offer_id, status);

CREATE TABLE placement_day_parts (
    placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    day_part     text NOT NULL CHECK (day_part IN ('ma-ochtend', 'ma-middag', 'di-ochtend', 'di-middag', 'wo-ochtend', 'wo-middag', 'do-ochtend', 'do-middag', 'vr-ochtend', 'vr-middag')),
    PRIMARY KEY (placement_id, day_part)
);
