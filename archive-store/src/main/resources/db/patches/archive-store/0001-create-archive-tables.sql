-- What this node holds. The files on the volumes are the objects; this table is the node's
-- inventory of them: which volume, how big, when last verified, and tombstones.
CREATE TABLE stored_object (
    checksum         text        PRIMARY KEY CHECK (checksum ~ '^[0-9a-f]{64}$'),
    volume           text        NOT NULL,
    size_bytes       bigint      NOT NULL CHECK (size_bytes >= 0),
    stored_at        timestamptz NOT NULL DEFAULT now(),
    last_verified_at timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz,
    deleted_by       text,
    purge_after      timestamptz,
    CHECK ((deleted_at IS NULL) = (purge_after IS NULL))
);

-- The scrubber reads the least recently verified live objects first.
CREATE INDEX stored_object_verification ON stored_object (last_verified_at) WHERE deleted_at IS NULL;
CREATE INDEX stored_object_purge ON stored_object (purge_after) WHERE deleted_at IS NOT NULL;

-- Every write, copy, move, repair, quarantine and delete, so "who lost this file" has an answer.
CREATE TABLE audit_event (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    node        text        NOT NULL,
    volume      text,
    checksum    text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('write', 'copy-out', 'copy-in', 'move-out', 'repair',
                                                       'quarantine', 'lost', 'delete', 'restore', 'purge')),
    cause       text        NOT NULL,
    detail      text
);
CREATE INDEX audit_event_checksum ON audit_event (checksum, occurred_at);

-- Every cluster map this node has known; the highest epoch is the current one.
CREATE TABLE cluster_map (
    epoch      bigint      PRIMARY KEY CHECK (epoch >= 0),
    map        jsonb       NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text        NOT NULL
);

-- Volumes an operator has set read-only or draining; absent means active.
CREATE TABLE volume_state (
    volume     text        PRIMARY KEY,
    state      text        NOT NULL CHECK (state IN ('active', 'read-only', 'draining')),
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- A rebalance of this node's objects against one cluster map epoch, resumable from its cursor.
CREATE TABLE rebalance_run (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    epoch             bigint      NOT NULL,
    state             text        NOT NULL CHECK (state IN ('running', 'finished', 'failed', 'cancelled')),
    bytes_per_second  bigint      NOT NULL CHECK (bytes_per_second > 0),
    started_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    cursor_checksum   text        NOT NULL DEFAULT '',
    objects_total     bigint      NOT NULL,
    objects_examined  bigint      NOT NULL DEFAULT 0,
    objects_moved     bigint      NOT NULL DEFAULT 0,
    copies_made       bigint      NOT NULL DEFAULT 0,
    bytes_copied      bigint      NOT NULL DEFAULT 0,
    errors            bigint      NOT NULL DEFAULT 0,
    last_error        text
);
CREATE UNIQUE INDEX one_running_rebalance ON rebalance_run ((true)) WHERE state = 'running';
