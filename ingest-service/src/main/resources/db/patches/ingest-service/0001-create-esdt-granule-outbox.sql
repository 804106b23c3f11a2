-- The ESDT registry: product types, how their file names read, what a duplicate means.
CREATE TABLE esdt (
    short_name         text        PRIMARY KEY CHECK (short_name ~ '^[A-Za-z0-9_]{1,80}$'),
    collection_version integer     NOT NULL CHECK (collection_version >= 0),
    processing_level   text        NOT NULL,
    description        text        NOT NULL,
    file_name_pattern  text        NOT NULL,
    time_unit          text        NOT NULL,
    duplicate_policy   text        NOT NULL CHECK (duplicate_policy IN ('reject', 'skip', 'replace', 'new-version')),
    retention          text        CHECK (retention ~ '^P[0-9YMWD]+$'),  -- ISO-8601 period; NULL keeps for ever
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Granules: hundreds of millions of rows, appended in ingest order. Every search filters by ESDT
-- and time or orbit; BRIN on ingest time stays tiny at any size because rows arrive in that order.
CREATE TABLE granule (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    esdt            text        NOT NULL REFERENCES esdt (short_name),
    collection      integer     NOT NULL,
    file_name       text        NOT NULL,
    version         integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    start_time      timestamptz,
    end_time        timestamptz,
    orbit           integer,
    production_time timestamptz,
    size_bytes      bigint      NOT NULL CHECK (size_bytes >= 0),
    sha256          text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    md5             text        NOT NULL CHECK (md5 ~ '^[0-9a-f]{32}$'),
    source          text        NOT NULL,
    producing_job   text,
    ingested_at     timestamptz NOT NULL DEFAULT now(),
    state           text        NOT NULL DEFAULT 'archived' CHECK (state IN ('archived', 'superseded', 'deleted')),
    -- Concurrent pushes of one file race on this constraint; exactly one wins.
    CONSTRAINT granule_one_version UNIQUE (esdt, file_name, version),
    CHECK (end_time IS NULL OR start_time IS NULL OR end_time >= start_time)
);
CREATE INDEX granule_esdt_start ON granule (esdt, start_time, id);
CREATE INDEX granule_orbit ON granule (esdt, orbit) WHERE orbit IS NOT NULL;
CREATE INDEX granule_sha256 ON granule (sha256);
CREATE INDEX granule_source ON granule (source, id);
CREATE INDEX granule_ingested_at ON granule USING brin (ingested_at);

-- Events written in the same transaction as the granule; a dispatcher delivers them later.
CREATE TABLE outbox_event (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_type  text        NOT NULL,
    granule_id  bigint      NOT NULL REFERENCES granule (id),
    esdt        text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
