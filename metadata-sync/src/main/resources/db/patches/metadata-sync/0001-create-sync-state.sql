-- What metadata-sync keeps between the legacy database and the catalogue (ingest-service).

-- Debezium's position in the legacy database's WAL, written when a batch of captured changes was applied.
CREATE TABLE capture_offset (
    offset_key   bytea       PRIMARY KEY,
    offset_value bytea       NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Where reading the catalogue's change feed has got to (one row per feed).
CREATE TABLE catalog_cursor (
    name       text        PRIMARY KEY,
    cursor     text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per file: the canonical record both sides last agreed on (its hash), and when each side last changed it.
CREATE TABLE sync_file (
    file_name          text        PRIMARY KEY,
    agreed_hash        text,
    agreed_record      jsonb,
    agreed_at          timestamptz,
    legacy_changed_at  timestamptz,
    catalog_changed_at timestamptz
);

-- Both sides changed one file within the window: the winner's record was applied, the loser's is kept here.
CREATE TABLE conflict (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name     text        NOT NULL,
    esdt          text,
    winner        text        NOT NULL CHECK (winner IN ('legacy', 'catalogue')),
    legacy_value  jsonb,
    catalog_value jsonb,
    detected_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conflict_detected ON conflict (detected_at);

-- A legacy row that cannot be mapped to a catalogue record, or that the catalogue refused; retried until it goes.
CREATE TABLE quarantine (
    file_name      text        PRIMARY KEY,
    reason         text        NOT NULL,
    legacy_value   jsonb,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_tried_at  timestamptz NOT NULL DEFAULT now(),
    attempts       integer     NOT NULL DEFAULT 1
);
