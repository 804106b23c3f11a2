-- A delete reaches every node: a node records the tombstone of an object it holds no copy of
-- (volume NULL), so that no copy sent to it later can bring the object back, and keeps every
-- tombstone after its file was purged (purged_at), for as long as a stale copy could come back.
ALTER TABLE stored_object ALTER COLUMN volume DROP NOT NULL;
ALTER TABLE stored_object ADD CONSTRAINT stored_object_live_has_volume CHECK (volume IS NOT NULL OR deleted_at IS NOT NULL);
ALTER TABLE stored_object ADD COLUMN purged_at timestamptz;

-- When a client last wrote the object (not when this copy was made: a copy or repair carries the
-- time of the write it copies), so that a tombstone and a copy can tell which came last: a copy
-- written before a delete never brings the object back, a write after it restores it.
ALTER TABLE stored_object ADD COLUMN written_at timestamptz;
UPDATE stored_object SET written_at = stored_at;
ALTER TABLE stored_object ALTER COLUMN written_at SET DEFAULT now(), ALTER COLUMN written_at SET NOT NULL;

-- Tombstones this node still has to hand to the other nodes of the map; retried until each took it.
CREATE TABLE tombstone_delivery (
    checksum        text        NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    node            text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    PRIMARY KEY (checksum, node)
);
CREATE INDEX tombstone_delivery_due ON tombstone_delivery (next_attempt_at);

-- Who did it: the label of the caller's token (ingest-service, on behalf of a station; a peer
-- node; an operator's CLI), or this node for its own background work. NULL before this patch.
ALTER TABLE audit_event ADD COLUMN actor text;
