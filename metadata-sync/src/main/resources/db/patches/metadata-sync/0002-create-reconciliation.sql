-- Reconciliations of the legacy database and the catalogue: one report per run, its differences
-- as rows, and the audit of every repair (dry runs are not written: they change nothing).

CREATE TABLE reconciliation (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    trigger          text        NOT NULL CHECK (trigger IN ('api', 'schedule')),
    requested_by     text,                   -- the token's label, or 'schedule'
    filter           jsonb       NOT NULL,   -- {"esdt": ..., "startFrom": ..., "startTo": ...}
    state            text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'finished', 'failed')),
    error            text,
    legacy_rows      bigint,                 -- rows on each side within the filter
    catalogue_rows   bigint,
    ranges_compared  bigint,                 -- key ranges hashed on both sides, all levels
    rows_fetched     bigint,                 -- rows read one by one from both sides
    missing_on_catalogue bigint,
    missing_on_legacy    bigint,
    different            bigint,
    unsettled            bigint              -- still changing while re-checked: neither reported nor cleared
);

CREATE TABLE reconciliation_difference (
    reconciliation_id bigint NOT NULL REFERENCES reconciliation ON DELETE CASCADE,
    file_name         text   NOT NULL,
    kind              text   NOT NULL CHECK (kind IN ('missing-on-catalogue', 'missing-on-legacy', 'different')),
    fields            text[] NOT NULL DEFAULT '{}',  -- for 'different': the canonical fields that differ
    legacy_value      jsonb,                         -- the canonical record, or {"unmappable": reason}
    catalogue_value   jsonb,
    PRIMARY KEY (reconciliation_id, file_name)
);

-- Who repaired what, when, and what each file's repair did.
CREATE TABLE repair_audit (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reconciliation_id bigint      NOT NULL REFERENCES reconciliation ON DELETE CASCADE,
    file_name         text        NOT NULL,
    kind              text        NOT NULL,
    action            text        NOT NULL,  -- legacy-to-catalogue, catalogue-to-legacy, skipped
    outcome           text        NOT NULL,  -- applied, failed: reason, ...
    repaired_by       text        NOT NULL,
    repaired_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX repair_audit_reconciliation ON repair_audit (reconciliation_id);
