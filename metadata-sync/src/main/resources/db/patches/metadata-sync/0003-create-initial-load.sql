-- The initial load: the legacy rows that existed before the capture's slot did, copied in chunks in
-- file-name order while the stream runs. Its cursor is written after each chunk was applied, so a
-- restart resumes after the last chunk applied (applying one again changes nothing).
CREATE TABLE initial_load (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reason          text        NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    after_file_name text        NOT NULL DEFAULT '',
    rows_loaded     bigint      NOT NULL DEFAULT 0 CHECK (rows_loaded >= 0),
    estimated_rows  bigint,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    last_error      text
);

-- At most one load runs at a time.
CREATE UNIQUE INDEX initial_load_one_running ON initial_load ((finished_at IS NULL)) WHERE finished_at IS NULL;
