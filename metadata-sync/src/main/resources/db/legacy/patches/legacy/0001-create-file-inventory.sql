-- The legacy metadata system's tables, as its 2004-era applications write and read them: files
-- keyed by name (no surrogate id), product type and collection in one code, times without zone
-- (UTC by convention), one-letter codes, MD5 in upper case and the POSIX cksum, an archive path,
-- QA and lineage in side tables. Reprocessing overwrites a row; a delete is a real DELETE.
-- Replica identity stays DEFAULT: see metadata-sync/README.md, "The legacy database".
CREATE TABLE file_inventory (
    file_name        varchar(255)  PRIMARY KEY,
    esdt_code        varchar(40)   NOT NULL,   -- short name, '.', collection on 3 digits: 'OMTO3.003'
    start_time       timestamp,                -- UTC by convention, no zone
    stop_time        timestamp,
    production_time  timestamp,
    orbit_number     integer,
    file_size        numeric(15)   NOT NULL,   -- bytes
    md5_checksum     char(32),                 -- hex, UPPER case as the old ingest wrote it
    cksum_value      bigint,                   -- POSIX cksum CRC (unsigned 32-bit)
    archive_path     varchar(1024) NOT NULL,   -- where the old archive keeps the file
    status_code      char(1)       NOT NULL CHECK (status_code IN ('A', 'S')),  -- A online, S superseded
    insert_time      timestamp     NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    update_time      timestamp     NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
CREATE INDEX file_inventory_esdt_start ON file_inventory (esdt_code, start_time);

CREATE TABLE file_qa (
    file_name  varchar(255) PRIMARY KEY REFERENCES file_inventory ON DELETE CASCADE,
    qa_flag    char(1)      NOT NULL CHECK (qa_flag IN ('G', 'S', 'B', 'U')),  -- good, suspect, bad, unchecked
    qa_comment varchar(255),
    qa_time    timestamp    NOT NULL
);

CREATE TABLE file_lineage (
    file_name  varchar(255) NOT NULL REFERENCES file_inventory ON DELETE CASCADE,
    input_file varchar(255) NOT NULL,
    PRIMARY KEY (file_name, input_file)
);
