-- Deliveries described by a Product Delivery Record: the PDR as received, and its answer (PAN).
CREATE TABLE pdr_delivery (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pdr_name     text        NOT NULL,
    station      text        NOT NULL,
    pdr_sha256   text        NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    state        text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'complete')),
    pan          text,
    completed_at timestamptz,
    -- Posting the same PDR again is answered with the first delivery.
    UNIQUE (station, pdr_name)
);

-- The files a PDR lists, with what the PDR declares and what became of each (null: awaited).
CREATE TABLE pdr_file (
    delivery_id    bigint      NOT NULL REFERENCES pdr_delivery (id),
    file_name      text        NOT NULL,
    directory      text        NOT NULL,
    data_type      text        NOT NULL,
    size_bytes     bigint      NOT NULL,
    -- EDOS PDRs may declare sizes only: then only the size is checked.
    checksum_type  text        CHECK (checksum_type IN ('MD5', 'SHA256', 'CKSUM')),
    checksum_value text,
    beginning      timestamptz,
    ending         timestamptz,
    disposition    text,
    granule_id     bigint      REFERENCES granule (id),
    settled_at     timestamptz,
    PRIMARY KEY (delivery_id, file_name)
);
CREATE INDEX pdr_file_awaited ON pdr_file (file_name) WHERE disposition IS NULL;
