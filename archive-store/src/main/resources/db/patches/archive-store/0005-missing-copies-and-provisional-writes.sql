-- Copies a put was acknowledged without (a write quorum below the replicas): one row per object this
-- node holds and node that lacks its copy, recorded before the put was acknowledged, until this node
-- has found the copy there or made it (the receiver verifies it against the name).
CREATE TABLE missing_copy (
    checksum        text        NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    node            text        NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    PRIMARY KEY (checksum, node)
);
CREATE INDEX missing_copy_due ON missing_copy (next_attempt_at);

-- Objects this node made for a client's put that may still fail as a whole. The client withdraws
-- its copy only while the row still carries its write id; a later write of the object answered
-- "already here" removes the row first, and two writes at once leave no write id, so a copy any
-- put was acknowledged with is never withdrawn. Rows older than an hour are dropped.
CREATE TABLE provisional_write (
    checksum   text        PRIMARY KEY CHECK (checksum ~ '^[0-9a-f]{64}$'),
    write_id   uuid,
    written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX provisional_write_age ON provisional_write (written_at);
