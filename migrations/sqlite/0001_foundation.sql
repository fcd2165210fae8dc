-- The foundation: organisations, users and tokens, the catalogue of skills
-- and work types, offers with capacity per day-part, participants and
-- placements. Rules live here too, not only in Go: a row that breaks them
-- cannot exist, whoever writes it.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        TEXT NOT NULL CHECK (kind IN ('afdeling', 'sociale-onderneming', 'zorgaanbieder', 'onderwijs', 'overig')),
    postcode    TEXT NOT NULL CHECK (postcode GLOB '[1-9][0-9][0-9][0-9]'),
    place       TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role            TEXT NOT NULL CHECK (role IN ('beheerder', 'coach', 'partner', 'manager')),
    organisation_id TEXT REFERENCES organisations (id) ON DELETE RESTRICT,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK (role <> 'partner' OR organisation_id IS NOT NULL)
);
CREATE INDEX users_organisation_idx ON users (organisation_id);

-- Only a SHA-256 hash of a token is stored: a leaked table opens nothing.
CREATE TABLE tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    hash         TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,
    last_used_at TIMESTAMP
);
CREATE INDEX tokens_user_idx ON tokens (user_id);

CREATE TABLE skills (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    esco_uri   TEXT NOT NULL UNIQUE,
    group_name TEXT NOT NULL
);
CREATE INDEX skills_name_idx ON skills (name COLLATE NOCASE);

CREATE TABLE work_types (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE CHECK (code <> '' AND code NOT GLOB '*[^a-z0-9-]*' AND code NOT GLOB '-*' AND code NOT GLOB '*-' AND code NOT GLOB '*--*'),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description   TEXT NOT NULL DEFAULT '',
    physical_load TEXT NOT NULL CHECK (physical_load IN ('laag', 'midden', 'hoog')),
    environment   TEXT NOT NULL CHECK (environment IN ('binnen', 'buiten', 'beide')),
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE work_type_esco_codes (
    work_type_id TEXT NOT NULL REFERENCES work_types (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    esco_code    TEXT NOT NULL CHECK (esco_code GLOB '[0-9][0-9][0-9][0-9]*' AND esco_code NOT GLOB '*[^0-9.]*'),
    PRIMARY KEY (work_type_id, esco_code)
);

CREATE TABLE work_type_skills (
    work_type_id TEXT NOT NULL REFERENCES work_types (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    skill_id     TEXT NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
    PRIMARY KEY (work_type_id, skill_id)
);

CREATE TABLE offers (
    id                TEXT PRIMARY KEY,
    organisation_id   TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    title             TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description       TEXT NOT NULL DEFAULT '',
    work_type_id      TEXT NOT NULL REFERENCES work_types (id) ON DELETE RESTRICT,
    supervision       INTEGER NOT NULL CHECK (supervision BETWEEN 1 AND 4),
    physical_load     TEXT NOT NULL CHECK (physical_load IN ('laag', 'midden', 'hoog')),
    postcode          TEXT NOT NULL CHECK (postcode GLOB '[1-9][0-9][0-9][0-9]'),
    public_transport  INTEGER NOT NULL DEFAULT 0,
    wheelchair        INTEGER NOT NULL DEFAULT 0,
    status            TEXT NOT NULL CHECK (status IN ('open', 'gepauzeerd', 'gesloten')),
    development_place INTEGER NOT NULL DEFAULT 0,
    version           INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX offers_organisation_idx ON offers (organisation_id);
CREATE INDEX offers_work_type_idx ON offers (work_type_id);
CREATE INDEX offers_status_idx ON offers (status);

CREATE TABLE offer_skills (
    offer_id TEXT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    skill_id TEXT NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
    kind     TEXT NOT NULL CHECK (kind IN ('vereist', 'leerbaar')),
    position INTEGER NOT NULL,
    PRIMARY KEY (offer_id, kind, skill_id)
);

CREATE TABLE offer_capacity (
    offer_id TEXT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    day_part TEXT NOT NULL CHECK (day_part IN ('ma-ochtend', 'ma-middag', 'di-ochtend', 'di-middag', 'wo-ochtend', 'wo-middag', 'do-ochtend', 'do-middag', 'vr-ochtend', 'vr-middag')),
    places   INTEGER NOT NULL CHECK (places BETWEEN 1 AND 500),
    PRIMARY KEY (offer_id, day_part)
);

CREATE TABLE offer_target_groups (
    offer_id     TEXT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    target_group TEXT NOT NULL CHECK (target_group IN ('dagbesteding-wmo', 'statushouder', 'beschut-voortraject', 'banenafspraak', 're-socialisatie', 'detachering', 'jongere-zonder-diploma', 'pro-vso-entree', 'verslavingszorg', 'ggz-beschermd-wonen', 'langdurig-bijstand', 'overig')),
    position     INTEGER NOT NULL,
    PRIMARY KEY (offer_id, target_group)
);

-- Participants are pseudonymous: a code, a PC4 area, and what matching
-- needs. No name, no birth TEXT, no BSN, no diagnosis.
CREATE TABLE participants (
    id               TEXT PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 3 AND 32 AND code NOT GLOB '*[^A-Za-z0-9-]*' AND code NOT GLOB '-*'),
    coach_id         TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    referrer_id      TEXT REFERENCES organisations (id) ON DELETE RESTRICT,
    target_group     TEXT NOT NULL CHECK (target_group IN ('dagbesteding-wmo', 'statushouder', 'beschut-voortraject', 'banenafspraak', 're-socialisatie', 'detachering', 'jongere-zonder-diploma', 'pro-vso-entree', 'verslavingszorg', 'ggz-beschermd-wonen', 'langdurig-bijstand', 'overig')),
    phase            TEXT NOT NULL CHECK (phase IN ('intake', 'voortraject', 'ontwikkelplek', 'beschut', 'banenafspraak', 'uitgestroomd')),
    postcode         TEXT NOT NULL CHECK (postcode GLOB '[1-9][0-9][0-9][0-9]'),
    max_travel_km    INTEGER NOT NULL CHECK (max_travel_km BETWEEN 0 AND 200),
    supervision_need INTEGER NOT NULL CHECK (supervision_need BETWEEN 1 AND 4),
    load_capacity    TEXT NOT NULL CHECK (load_capacity IN ('laag', 'midden', 'hoog')),
    wheelchair       INTEGER NOT NULL DEFAULT 0,
    language_level   TEXT NOT NULL CHECK (language_level IN ('A0', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    waiting_since    TEXT CHECK (waiting_since IS NULL OR waiting_since = date(waiting_since)),
    version          INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX participants_coach_idx ON participants (coach_id);
CREATE INDEX participants_referrer_idx ON participants (referrer_id);

CREATE TABLE participant_availability (
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    day_part       TEXT NOT NULL CHECK (day_part IN ('ma-ochtend', 'ma-middag', 'di-ochtend', 'di-middag', 'wo-ochtend', 'wo-middag', 'do-ochtend', 'do-middag', 'vr-ochtend', 'vr-middag')),
    PRIMARY KEY (participant_id, day_part)
);

CREATE TABLE participant_skills (
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    skill_id       TEXT NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
    level          INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    position       INTEGER NOT NULL,
    PRIMARY KEY (participant_id, skill_id)
);

-- One row per work type a participant likes or avoids; the key makes
-- "both interested and avoiding" impossible.
CREATE TABLE participant_work_types (
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    work_type_id   TEXT NOT NULL REFERENCES work_types (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('interesse', 'vermijden')),
    position       INTEGER NOT NULL,
    PRIMARY KEY (participant_id, work_type_id)
);

CREATE TABLE participant_goals (
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    skill_id       TEXT NOT NULL REFERENCES skills (id) ON DELETE RESTRICT,
    position       INTEGER NOT NULL,
    PRIMARY KEY (participant_id, skill_id)
);

CREATE TABLE participant_shares (
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    coach_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    PRIMARY KEY (participant_id, coach_id)
);
CREATE INDEX participant_shares_coach_idx ON participant_shares (coach_id);

-- A placement outlives the participant's personal data: deleting a
-- participant sets participant_id to NULL and keeps the target group, so
-- variety and dropout statistics stay right without identifying anyone.
CREATE TABLE placements (
    id             TEXT PRIMARY KEY,
    participant_id TEXT REFERENCES participants (id) ON DELETE SET NULL,
    target_group   TEXT NOT NULL,
    offer_id       TEXT NOT NULL REFERENCES offers (id) ON DELETE RESTRICT,
    start_date     TEXT NOT NULL CHECK (start_date = date(start_date)),
    end_date       TEXT CHECK (end_date IS NULL OR (end_date = date(end_date) AND end_date >= start_date)),
    status         TEXT NOT NULL CHECK (status IN ('voorgesteld', 'actief', 'afgerond', 'uitgevallen', 'geannuleerd')),
    result         text,
    dropout_reason text,
    caused_by      TEXT CHECK (caused_by IS NULL OR caused_by IN ('deelnemer', 'werkplek', 'beide', 'extern')),
    missed_hours   INTEGER NOT NULL DEFAULT 0 CHECK (missed_hours >= 0),
    version        INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    CHECK (status NOT IN ('afgerond', 'uitgevallen') OR result IS NOT NULL)
);
CREATE INDEX placements_participant_idx ON placements (participant_id);
CREATE INDEX placements_offer_idx ON placements (offer_id, status);

CREATE TABLE placement_day_parts (
    placement_id TEXT NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
    day_part     TEXT NOT NULL CHECK (day_part IN ('ma-ochtend', 'ma-middag', 'di-ochtend', 'di-middag', 'wo-ochtend', 'wo-middag', 'do-ochtend', 'do-middag', 'vr-ochtend', 'vr-middag')),
    PRIMARY KEY (placement_id, day_part)
);
