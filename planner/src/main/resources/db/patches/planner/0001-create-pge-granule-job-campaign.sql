-- PGEs: every registered version is kept; a job names the version it was planned with and keeps it.
CREATE TABLE pge (
    name             text        NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$'),
    version          text        NOT NULL CHECK (version ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'),
    command          text[]      NOT NULL CHECK (cardinality(command) BETWEEN 1 AND 200),
    time_unit        text        NOT NULL CHECK (time_unit IN ('orbit', 'day', 'month', 'interval')),
    unit_length      interval    CHECK ((time_unit = 'interval') = (unit_length IS NOT NULL)),
    cores            integer     NOT NULL CHECK (cores BETWEEN 1 AND 1024),
    memory_megabytes integer     NOT NULL CHECK (memory_megabytes >= 1),
    time_limit       interval    NOT NULL CHECK (time_limit > interval '0'),
    max_attempts     integer     NOT NULL CHECK (max_attempts BETWEEN 1 AND 20),
    schedule         text,       -- a Quartz cron expression (UTC) planning the unit that last ended; NULL: data-driven only
    registered_at    timestamptz NOT NULL DEFAULT now(),
    registered_by    text        NOT NULL,
    PRIMARY KEY (name, version)
);

-- Production rules: how each input of a PGE is chosen for a job's time unit.
CREATE TABLE pge_input (
    pge_name      text     NOT NULL,
    pge_version   text     NOT NULL,
    position      integer  NOT NULL CHECK (position >= 0),
    esdt          text     NOT NULL,
    collection    integer,  -- NULL: any collection
    selection     text     NOT NULL CHECK (selection IN ('overlap', 'latest-before', 'closest', 'window')),
    window_before interval NOT NULL DEFAULT interval '0',
    window_after  interval NOT NULL DEFAULT interval '0',
    mandatory     boolean  NOT NULL,
    minimum_count integer  NOT NULL CHECK (minimum_count >= 0),
    wait          interval NOT NULL CHECK (wait >= interval '0'),
    PRIMARY KEY (pge_name, pge_version, position),
    UNIQUE (pge_name, pge_version, esdt),
    FOREIGN KEY (pge_name, pge_version) REFERENCES pge (name, version)
);
CREATE INDEX pge_input_esdt ON pge_input (esdt);

CREATE TABLE pge_output (
    pge_name    text    NOT NULL,
    pge_version text    NOT NULL,
    esdt        text    NOT NULL,
    PRIMARY KEY (pge_name, pge_version, esdt),
    FOREIGN KEY (pge_name, pge_version) REFERENCES pge (name, version)
);

-- The catalogue as the planner knows it, learned from ingest-service's events (and read back from
-- its search when the planner subscribes): what input resolution joins against, in one statement.
CREATE TABLE granule (
    id            bigint      PRIMARY KEY,  -- ingest-service's id
    esdt          text        NOT NULL,
    collection    integer     NOT NULL,
    file_name     text        NOT NULL,
    version       integer     NOT NULL,
    product_key   text        NOT NULL,
    part          integer,
    start_time    timestamptz,
    end_time      timestamptz,
    orbit         integer,
    sha256        text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes    bigint      NOT NULL,
    state         text        NOT NULL,
    producing_job text,
    learned_at    timestamptz NOT NULL DEFAULT now()
);
-- Overlap of a unit (widened by its window) with the granules of one ESDT, whatever their length:
-- GiST over the ESDT and the time range, through btree_gist (a contrib extension, trusted: the
-- database owner may create it), kept in a schema of its own.
CREATE SCHEMA btree_gist;
CREATE EXTENSION btree_gist WITH SCHEMA btree_gist;
CREATE INDEX granule_esdt_time ON granule USING gist (esdt btree_gist.gist_text_ops, tstzrange(start_time, end_time, '[]'))
    WHERE state = 'archived';
CREATE INDEX granule_esdt_start ON granule (esdt, start_time);
CREATE INDEX granule_product ON granule (esdt, collection, product_key, part);
CREATE INDEX granule_esdt_orbit ON granule (esdt, orbit);

-- Settings the planner makes itself: the key its ingest callback URL carries.
CREATE TABLE setting (
    name  text PRIMARY KEY,
    value text NOT NULL
);

-- Events from ingest-service already taken in: deliveries come at least once.
CREATE TABLE received_event (
    event_id    bigint      PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- A campaign is a PGE over a time range, or the remaking of everything derived from one granule
-- (several PGEs, each job after the jobs making its inputs).
CREATE TABLE campaign (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pge_name     text,
    pge_version  text,
    range_start  timestamptz,
    range_end    timestamptz CHECK (range_end > range_start),
    remake_from  bigint,      -- the granule whose derived products a remaking campaign makes again
    state        text        NOT NULL CHECK (state IN ('active', 'paused', 'cancelled', 'finished')),
    priority     integer     NOT NULL DEFAULT 0,
    description  text        NOT NULL DEFAULT '',
    requested_by text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    ended_at     timestamptz,
    FOREIGN KEY (pge_name, pge_version) REFERENCES pge (name, version)
);

-- Jobs: one PGE run for one time unit. Routine jobs (no campaign) are unique per PGE and unit, so
-- that events arriving twice or on two instances make one job.
CREATE TABLE job (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pge_name         text        NOT NULL,
    pge_version      text        NOT NULL,
    unit_start       timestamptz NOT NULL,
    unit_end         timestamptz NOT NULL CHECK (unit_end > unit_start),
    orbit            integer,
    state            text        NOT NULL CHECK (state IN ('planned', 'waiting', 'ready', 'queued', 'running', 'succeeded', 'failed',
                                                           'cancelled')),
    reason           text        NOT NULL DEFAULT '',
    attempts         integer     NOT NULL DEFAULT 0,
    max_attempts     integer     NOT NULL,
    lost_runs        integer     NOT NULL DEFAULT 0,
    priority         integer     NOT NULL DEFAULT 0,
    requested_by     text        NOT NULL,
    campaign_id      bigint      REFERENCES campaign (id),
    deadline         timestamptz,  -- while waiting for inputs: when to run without the optional ones, or fail
    retry_at         timestamptz,  -- while waiting after a failed attempt: when to run again
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    ended_at         timestamptz,
    executor         text,
    run_id           text,
    worker           text,
    lease_until      timestamptz,
    cancel_requested boolean     NOT NULL DEFAULT false,
    FOREIGN KEY (pge_name, pge_version) REFERENCES pge (name, version)
);
CREATE UNIQUE INDEX job_routine_unit ON job (pge_name, unit_start) WHERE campaign_id IS NULL;
CREATE UNIQUE INDEX job_campaign_unit ON job (campaign_id, pge_name, unit_start) WHERE campaign_id IS NOT NULL;
CREATE INDEX job_ready_routine ON job (priority DESC, id) WHERE state = 'ready' AND campaign_id IS NULL;
CREATE INDEX job_ready_campaign ON job (campaign_id, priority DESC, id) WHERE state = 'ready' AND campaign_id IS NOT NULL;
CREATE INDEX job_retry ON job (retry_at) WHERE state = 'waiting' AND retry_at IS NOT NULL;
CREATE INDEX job_waiting ON job (pge_name, unit_start) WHERE state IN ('planned', 'waiting');
CREATE INDEX job_leased ON job (lease_until) WHERE state IN ('queued', 'running');
CREATE INDEX job_campaign_state ON job (campaign_id, state);

-- Within a remaking campaign: a job is planned only once the jobs making its inputs succeeded.
CREATE TABLE job_dependency (
    job_id          bigint NOT NULL REFERENCES job (id),
    upstream_job_id bigint NOT NULL REFERENCES job (id),
    PRIMARY KEY (job_id, upstream_job_id)
);
CREATE INDEX job_dependency_upstream ON job_dependency (upstream_job_id);

-- Every state change of a job, with its reason: the job's history.
CREATE TABLE job_transition (
    job_id     bigint      NOT NULL REFERENCES job (id),
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    from_state text,
    to_state   text        NOT NULL,
    reason     text        NOT NULL
);
CREATE INDEX job_transition_job ON job_transition (job_id, at);

-- The granules a job reads, as resolved when it became ready.
CREATE TABLE job_input (
    job_id     bigint NOT NULL REFERENCES job (id),
    granule_id bigint NOT NULL,
    esdt       text   NOT NULL,
    PRIMARY KEY (job_id, granule_id)
);

-- Provenance: which input granules made which output granule, through which job.
CREATE TABLE job_output (
    job_id     bigint      NOT NULL REFERENCES job (id),
    granule_id bigint      NOT NULL,
    esdt       text        NOT NULL,
    file_name  text        NOT NULL,
    at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, granule_id)
);
CREATE INDEX job_output_granule ON job_output (granule_id);
CREATE INDEX job_input_granule ON job_input (granule_id);
