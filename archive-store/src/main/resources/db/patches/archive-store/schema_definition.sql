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

-- table public.audit_event
CREATE TABLE public.audit_event (
    action text NOT NULL,
    actor text,
    cause text NOT NULL,
    checksum text NOT NULL,
    detail text,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    node text NOT NULL,
    occurred_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    volume text
);

-- table public.cluster_map
CREATE TABLE public.cluster_map (
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    changed_by text NOT NULL,
    epoch bigint NOT NULL,
    map jsonb NOT NULL
);

-- table public.missing_copy
CREATE TABLE public.missing_copy (
    attempts integer DEFAULT 0 NOT NULL,
    checksum text NOT NULL,
    last_error text,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    node text NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL
);

-- table public.provisional_write
CREATE TABLE public.provisional_write (
    checksum text NOT NULL,
    write_id uuid,
    written_at timestamp with time zone DEFAULT now() NOT NULL
);

-- table public.rebalance_run
CREATE TABLE public.rebalance_run (
    bytes_copied bigint DEFAULT 0 NOT NULL,
    bytes_per_second bigint NOT NULL,
    copies_made bigint DEFAULT 0 NOT NULL,
    cursor_checksum text DEFAULT ''::text NOT NULL,
    epoch bigint NOT NULL,
    errors bigint DEFAULT 0 NOT NULL,
    finished_at timestamp with time zone,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    last_error text,
    objects_examined bigint DEFAULT 0 NOT NULL,
    objects_moved bigint DEFAULT 0 NOT NULL,
    objects_total bigint NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    state text NOT NULL
);

-- table public.stored_object
CREATE TABLE public.stored_object (
    block_crc32c bytea,
    checksum text NOT NULL,
    deleted_at timestamp with time zone,
    deleted_by text,
    last_checked_at timestamp with time zone DEFAULT now() NOT NULL,
    last_verified_at timestamp with time zone DEFAULT now() NOT NULL,
    problem text,
    problem_at timestamp with time zone,
    purge_after timestamp with time zone,
    purged_at timestamp with time zone,
    size_bytes bigint NOT NULL,
    stored_at timestamp with time zone DEFAULT now() NOT NULL,
    volume text,
    written_at timestamp with time zone DEFAULT now() NOT NULL
);

-- table public.tombstone_delivery
CREATE TABLE public.tombstone_delivery (
    attempts integer DEFAULT 0 NOT NULL,
    checksum text NOT NULL,
    last_error text,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    node text NOT NULL
);

-- table public.volume_state
CREATE TABLE public.volume_state (
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    state text NOT NULL,
    volume text NOT NULL
);

-- constraint audit_event_action_check on public.audit_event
ALTER TABLE public.audit_event ADD CONSTRAINT audit_event_action_check CHECK ((action = ANY (ARRAY['write'::text, 'copy-out'::text, 'copy-in'::text, 'move-out'::text, 'relocate'::text, 'repair'::text, 'quarantine'::text, 'missing'::text, 'problem'::text, 'lost'::text, 'delete'::text, 'restore'::text, 'purge'::text])));

-- constraint audit_event_pkey on public.audit_event
ALTER TABLE public.audit_event ADD CONSTRAINT audit_event_pkey PRIMARY KEY (id);

-- constraint cluster_map_epoch_check on public.cluster_map
ALTER TABLE public.cluster_map ADD CONSTRAINT cluster_map_epoch_check CHECK ((epoch >= 0));

-- constraint cluster_map_pkey on public.cluster_map
ALTER TABLE public.cluster_map ADD CONSTRAINT cluster_map_pkey PRIMARY KEY (epoch);

-- constraint missing_copy_checksum_check on public.missing_copy
ALTER TABLE public.missing_copy ADD CONSTRAINT missing_copy_checksum_check CHECK ((checksum ~ '^[0-9a-f]{64}$'::text));

-- constraint missing_copy_pkey on public.missing_copy
ALTER TABLE public.missing_copy ADD CONSTRAINT missing_copy_pkey PRIMARY KEY (checksum, node);

-- constraint provisional_write_checksum_check on public.provisional_write
ALTER TABLE public.provisional_write ADD CONSTRAINT provisional_write_checksum_check CHECK ((checksum ~ '^[0-9a-f]{64}$'::text));

-- constraint provisional_write_pkey on public.provisional_write
ALTER TABLE public.provisional_write ADD CONSTRAINT provisional_write_pkey PRIMARY KEY (checksum);

-- constraint rebalance_run_bytes_per_second_check on public.rebalance_run
ALTER TABLE public.rebalance_run ADD CONSTRAINT rebalance_run_bytes_per_second_check CHECK ((bytes_per_second > 0));

-- constraint rebalance_run_pkey on public.rebalance_run
ALTER TABLE public.rebalance_run ADD CONSTRAINT rebalance_run_pkey PRIMARY KEY (id);

-- constraint rebalance_run_state_check on public.rebalance_run
ALTER TABLE public.rebalance_run ADD CONSTRAINT rebalance_run_state_check CHECK ((state = ANY (ARRAY['running'::text, 'finished'::text, 'failed'::text, 'cancelled'::text])));

-- constraint stored_object_block_crc32c_check on public.stored_object
ALTER TABLE public.stored_object ADD CONSTRAINT stored_object_block_crc32c_check CHECK (((octet_length(block_crc32c) % 4) = 0));

-- constraint stored_object_check on public.stored_object
ALTER TABLE public.stored_object ADD CONSTRAINT stored_object_check CHECK (((deleted_at IS NULL) = (purge_after IS NULL)));

-- constraint stored_object_checksum_check on public.stored_object
ALTER TABLE public.stored_object ADD CONSTRAINT stored_object_checksum_check CHECK ((checksum ~ '^[0-9a-f]{64}$'::text));

-- constraint stored_object_live_has_volume on public.stored_object
ALTER TABLE public.stored_object ADD CONSTRAINT stored_object_live_has_volume CHECK (((volume IS NOT NULL) OR (deleted_at IS NOT NULL)));

-- constraint stored_object_pkey on public.stored_object
ALTER TABLE public.stored_object ADD CONSTRAINT stored_object_pkey PRIMARY KEY (checksum);

-- constraint stored_object_problem_check on public.stored_object
ALTER TABLE public.stored_object ADD CONSTRAINT stored_object_problem_check CHECK (((problem IS NULL) = (problem_at IS NULL)));

-- constraint stored_object_size_bytes_check on public.stored_object
ALTER TABLE public.stored_object ADD CONSTRAINT stored_object_size_bytes_check CHECK ((size_bytes >= 0));

-- constraint tombstone_delivery_checksum_check on public.tombstone_delivery
ALTER TABLE public.tombstone_delivery ADD CONSTRAINT tombstone_delivery_checksum_check CHECK ((checksum ~ '^[0-9a-f]{64}$'::text));

-- constraint tombstone_delivery_pkey on public.tombstone_delivery
ALTER TABLE public.tombstone_delivery ADD CONSTRAINT tombstone_delivery_pkey PRIMARY KEY (checksum, node);

-- constraint volume_state_pkey on public.volume_state
ALTER TABLE public.volume_state ADD CONSTRAINT volume_state_pkey PRIMARY KEY (volume);

-- constraint volume_state_state_check on public.volume_state
ALTER TABLE public.volume_state ADD CONSTRAINT volume_state_state_check CHECK ((state = ANY (ARRAY['active'::text, 'read-only'::text, 'draining'::text])));

-- index public.audit_event_checksum
CREATE INDEX audit_event_checksum ON public.audit_event USING btree (checksum, occurred_at);

-- index public.missing_copy_due
CREATE INDEX missing_copy_due ON public.missing_copy USING btree (next_attempt_at);

-- index public.provisional_write_age
CREATE INDEX provisional_write_age ON public.provisional_write USING btree (written_at);

-- index public.one_running_rebalance
CREATE UNIQUE INDEX one_running_rebalance ON public.rebalance_run USING btree ((true)) WHERE (state = 'running'::text);

-- index public.stored_object_last_checked
CREATE INDEX stored_object_last_checked ON public.stored_object USING btree (last_checked_at) WHERE (deleted_at IS NULL);

-- index public.stored_object_purge
CREATE INDEX stored_object_purge ON public.stored_object USING btree (purge_after) WHERE (deleted_at IS NOT NULL);

-- index public.stored_object_verification
CREATE INDEX stored_object_verification ON public.stored_object USING btree (last_verified_at) WHERE (deleted_at IS NULL);

-- index public.tombstone_delivery_due
CREATE INDEX tombstone_delivery_due ON public.tombstone_delivery USING btree (next_attempt_at);
