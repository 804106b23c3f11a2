-- Schema definition, generated from a database's catalog by Granary's schema-patches.
-- Do not edit: change the schema with a new patch, then generate this file again.
-- Objects are sorted by kind and name; a table's columns are in name order.

-- schema public
CREATE SCHEMA public;
ALTER SCHEMA public OWNER TO pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';

-- extension plpgsql
CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog VERSION '1.0';

-- table public.capture_offset
CREATE TABLE public.capture_offset (
    offset_key bytea NOT NULL,
    offset_value bytea NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

-- table public.catalog_cursor
CREATE TABLE public.catalog_cursor (
    cursor text NOT NULL,
    name text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

-- table public.conflict
CREATE TABLE public.conflict (
    catalog_value jsonb,
    detected_at timestamp with time zone DEFAULT now() NOT NULL,
    esdt text,
    file_name text NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    legacy_value jsonb,
    winner text NOT NULL
);

-- table public.initial_load
CREATE TABLE public.initial_load (
    after_file_name text DEFAULT ''::text NOT NULL,
    estimated_rows bigint,
    finished_at timestamp with time zone,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    last_error text,
    reason text NOT NULL,
    rows_loaded bigint DEFAULT 0 NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

-- table public.quarantine
CREATE TABLE public.quarantine (
    attempts integer DEFAULT 1 NOT NULL,
    file_name text NOT NULL,
    first_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    last_tried_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_value jsonb,
    reason text NOT NULL
);

-- table public.reconciliation
CREATE TABLE public.reconciliation (
    catalogue_rows bigint,
    different bigint,
    error text,
    filter jsonb NOT NULL,
    finished_at timestamp with time zone,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    legacy_rows bigint,
    missing_on_catalogue bigint,
    missing_on_legacy bigint,
    ranges_compared bigint,
    requested_by text,
    rows_fetched bigint,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    state text DEFAULT 'running'::text NOT NULL,
    trigger text NOT NULL,
    unsettled bigint
);

-- table public.reconciliation_difference
CREATE TABLE public.reconciliation_difference (
    catalogue_value jsonb,
    fields text[] DEFAULT '{}'::text[] NOT NULL,
    file_name text NOT NULL,
    kind text NOT NULL,
    legacy_value jsonb,
    reconciliation_id bigint NOT NULL
);

-- table public.repair_audit
CREATE TABLE public.repair_audit (
    action text NOT NULL,
    file_name text NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    kind text NOT NULL,
    outcome text NOT NULL,
    reconciliation_id bigint NOT NULL,
    repaired_at timestamp with time zone DEFAULT now() NOT NULL,
    repaired_by text NOT NULL
);

-- table public.sync_file
CREATE TABLE public.sync_file (
    agreed_at timestamp with time zone,
    agreed_hash text,
    agreed_record jsonb,
    catalog_changed_at timestamp with time zone,
    file_name text NOT NULL,
    legacy_changed_at timestamp with time zone
);

-- constraint capture_offset_pkey on public.capture_offset
ALTER TABLE public.capture_offset ADD CONSTRAINT capture_offset_pkey PRIMARY KEY (offset_key);

-- constraint catalog_cursor_pkey on public.catalog_cursor
ALTER TABLE public.catalog_cursor ADD CONSTRAINT catalog_cursor_pkey PRIMARY KEY (name);

-- constraint conflict_pkey on public.conflict
ALTER TABLE public.conflict ADD CONSTRAINT conflict_pkey PRIMARY KEY (id);

-- constraint conflict_winner_check on public.conflict
ALTER TABLE public.conflict ADD CONSTRAINT conflict_winner_check CHECK ((winner = ANY (ARRAY['legacy'::text, 'catalogue'::text])));

-- constraint initial_load_pkey on public.initial_load
ALTER TABLE public.initial_load ADD CONSTRAINT initial_load_pkey PRIMARY KEY (id);

-- constraint initial_load_rows_loaded_check on public.initial_load
ALTER TABLE public.initial_load ADD CONSTRAINT initial_load_rows_loaded_check CHECK ((rows_loaded >= 0));

-- constraint quarantine_pkey on public.quarantine
ALTER TABLE public.quarantine ADD CONSTRAINT quarantine_pkey PRIMARY KEY (file_name);

-- constraint reconciliation_pkey on public.reconciliation
ALTER TABLE public.reconciliation ADD CONSTRAINT reconciliation_pkey PRIMARY KEY (id);

-- constraint reconciliation_state_check on public.reconciliation
ALTER TABLE public.reconciliation ADD CONSTRAINT reconciliation_state_check CHECK ((state = ANY (ARRAY['running'::text, 'finished'::text, 'failed'::text])));

-- constraint reconciliation_trigger_check on public.reconciliation
ALTER TABLE public.reconciliation ADD CONSTRAINT reconciliation_trigger_check CHECK ((trigger = ANY (ARRAY['api'::text, 'schedule'::text])));

-- constraint reconciliation_difference_kind_check on public.reconciliation_difference
ALTER TABLE public.reconciliation_difference ADD CONSTRAINT reconciliation_difference_kind_check CHECK ((kind = ANY (ARRAY['missing-on-catalogue'::text, 'missing-on-legacy'::text, 'different'::text])));

-- constraint reconciliation_difference_pkey on public.reconciliation_difference
ALTER TABLE public.reconciliation_difference ADD CONSTRAINT reconciliation_difference_pkey PRIMARY KEY (reconciliation_id, file_name);

-- constraint repair_audit_pkey on public.repair_audit
ALTER TABLE public.repair_audit ADD CONSTRAINT repair_audit_pkey PRIMARY KEY (id);

-- constraint sync_file_pkey on public.sync_file
ALTER TABLE public.sync_file ADD CONSTRAINT sync_file_pkey PRIMARY KEY (file_name);

-- index public.conflict_detected
CREATE INDEX conflict_detected ON public.conflict USING btree (detected_at);

-- index public.initial_load_one_running
CREATE UNIQUE INDEX initial_load_one_running ON public.initial_load USING btree (((finished_at IS NULL))) WHERE (finished_at IS NULL);

-- index public.repair_audit_reconciliation
CREATE INDEX repair_audit_reconciliation ON public.repair_audit USING btree (reconciliation_id);

-- constraint reconciliation_difference_reconciliation_id_fkey on public.reconciliation_difference
ALTER TABLE public.reconciliation_difference ADD CONSTRAINT reconciliation_difference_reconciliation_id_fkey FOREIGN KEY (reconciliation_id) REFERENCES public.reconciliation(id) ON DELETE CASCADE;

-- constraint repair_audit_reconciliation_id_fkey on public.repair_audit
ALTER TABLE public.repair_audit ADD CONSTRAINT repair_audit_reconciliation_id_fkey FOREIGN KEY (reconciliation_id) REFERENCES public.reconciliation(id) ON DELETE CASCADE;
