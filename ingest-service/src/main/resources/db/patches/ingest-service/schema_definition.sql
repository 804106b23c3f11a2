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

-- table public.delivery
CREATE TABLE public.delivery (
    attempts integer DEFAULT 0 NOT NULL,
    delivered_at timestamp with time zone,
    event_id bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    last_error text,
    leased_until timestamp with time zone,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    state text DEFAULT 'pending'::text NOT NULL,
    subscription_id bigint NOT NULL
);

-- table public.esdt
CREATE TABLE public.esdt (
    collection_version integer NOT NULL,
    description text NOT NULL,
    duplicate_policy text NOT NULL,
    file_name_pattern text NOT NULL,
    processing_level text NOT NULL,
    retention text,
    short_name text NOT NULL,
    time_unit text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

-- table public.granule
CREATE TABLE public.granule (
    cksum bigint,
    collection integer NOT NULL,
    end_time timestamp with time zone,
    esdt text NOT NULL,
    file_name text NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    ingested_at timestamp with time zone DEFAULT now() NOT NULL,
    md5 text NOT NULL,
    orbit integer,
    part integer,
    producing_job text,
    product_key text NOT NULL,
    production_time timestamp with time zone,
    qa_flag text,
    sha256 text,
    size_bytes bigint NOT NULL,
    source text NOT NULL,
    start_time timestamp with time zone,
    state text DEFAULT 'archived'::text NOT NULL,
    version integer DEFAULT 1 NOT NULL
);

-- table public.outbox_cursor
CREATE TABLE public.outbox_cursor (
    last_event_id bigint NOT NULL,
    last_transaction_id bigint DEFAULT 0 NOT NULL,
    name text NOT NULL
);

-- table public.outbox_event
CREATE TABLE public.outbox_event (
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    esdt text NOT NULL,
    event_type text NOT NULL,
    granule_id bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    origin text,
    payload jsonb NOT NULL,
    transaction_id bigint DEFAULT ((pg_current_xact_id())::text)::bigint NOT NULL
);

-- table public.pdr_delivery
CREATE TABLE public.pdr_delivery (
    completed_at timestamp with time zone,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    pan text,
    pdr_name text NOT NULL,
    pdr_sha256 text NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    state text DEFAULT 'open'::text NOT NULL,
    station text NOT NULL
);

-- table public.pdr_file
CREATE TABLE public.pdr_file (
    beginning timestamp with time zone,
    checksum_type text,
    checksum_value text,
    data_type text NOT NULL,
    delivery_id bigint NOT NULL,
    directory text NOT NULL,
    disposition text,
    ending timestamp with time zone,
    file_name text NOT NULL,
    granule_id bigint,
    settled_at timestamp with time zone,
    size_bytes bigint NOT NULL
);

-- table public.subscription
CREATE TABLE public.subscription (
    active boolean DEFAULT true NOT NULL,
    callback_url text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by text NOT NULL,
    esdts text[],
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    owner_token_id bigint
);

-- constraint delivery_pkey on public.delivery
ALTER TABLE public.delivery ADD CONSTRAINT delivery_pkey PRIMARY KEY (id);

-- constraint delivery_state_check on public.delivery
ALTER TABLE public.delivery ADD CONSTRAINT delivery_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'delivered'::text, 'dead'::text])));

-- constraint delivery_subscription_id_event_id_key on public.delivery
ALTER TABLE public.delivery ADD CONSTRAINT delivery_subscription_id_event_id_key UNIQUE (subscription_id, event_id);

-- constraint esdt_collection_version_check on public.esdt
ALTER TABLE public.esdt ADD CONSTRAINT esdt_collection_version_check CHECK ((collection_version >= 0));

-- constraint esdt_duplicate_policy_check on public.esdt
ALTER TABLE public.esdt ADD CONSTRAINT esdt_duplicate_policy_check CHECK ((duplicate_policy = ANY (ARRAY['reject'::text, 'skip'::text, 'replace'::text, 'new-version'::text])));

-- constraint esdt_pkey on public.esdt
ALTER TABLE public.esdt ADD CONSTRAINT esdt_pkey PRIMARY KEY (short_name, collection_version);

-- constraint esdt_retention_check on public.esdt
ALTER TABLE public.esdt ADD CONSTRAINT esdt_retention_check CHECK ((retention ~ '^P[0-9YMWD]+$'::text));

-- constraint esdt_short_name_check on public.esdt
ALTER TABLE public.esdt ADD CONSTRAINT esdt_short_name_check CHECK ((short_name ~ '^[A-Za-z0-9_]{1,80}$'::text));

-- constraint granule_check on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_check CHECK (((end_time IS NULL) OR (start_time IS NULL) OR (end_time >= start_time)));

-- constraint granule_cksum_check on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_cksum_check CHECK (((cksum >= 0) AND (cksum <= '4294967295'::bigint)));

-- constraint granule_md5_check on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_md5_check CHECK ((md5 ~ '^[0-9a-f]{32}$'::text));

-- constraint granule_one_product_version on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_one_product_version UNIQUE NULLS NOT DISTINCT (esdt, collection, product_key, part, version);

-- constraint granule_pkey on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_pkey PRIMARY KEY (id);

-- constraint granule_qa_flag_check on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_qa_flag_check CHECK ((qa_flag = ANY (ARRAY['good'::text, 'suspect'::text, 'bad'::text, 'unchecked'::text])));

-- constraint granule_sha256_check on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text));

-- constraint granule_sha256_unless_legacy on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_sha256_unless_legacy CHECK (((sha256 IS NOT NULL) OR (source = 'legacy-sync'::text)));

-- constraint granule_size_bytes_check on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_size_bytes_check CHECK ((size_bytes >= 0));

-- constraint granule_state_check on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_state_check CHECK ((state = ANY (ARRAY['archived'::text, 'superseded'::text, 'deleted'::text])));

-- constraint granule_version_check on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_version_check CHECK ((version >= 1));

-- constraint outbox_cursor_pkey on public.outbox_cursor
ALTER TABLE public.outbox_cursor ADD CONSTRAINT outbox_cursor_pkey PRIMARY KEY (name);

-- constraint outbox_event_pkey on public.outbox_event
ALTER TABLE public.outbox_event ADD CONSTRAINT outbox_event_pkey PRIMARY KEY (id);

-- constraint pdr_delivery_pkey on public.pdr_delivery
ALTER TABLE public.pdr_delivery ADD CONSTRAINT pdr_delivery_pkey PRIMARY KEY (id);

-- constraint pdr_delivery_state_check on public.pdr_delivery
ALTER TABLE public.pdr_delivery ADD CONSTRAINT pdr_delivery_state_check CHECK ((state = ANY (ARRAY['open'::text, 'complete'::text])));

-- constraint pdr_delivery_station_pdr_name_key on public.pdr_delivery
ALTER TABLE public.pdr_delivery ADD CONSTRAINT pdr_delivery_station_pdr_name_key UNIQUE (station, pdr_name);

-- constraint pdr_file_checksum_type_check on public.pdr_file
ALTER TABLE public.pdr_file ADD CONSTRAINT pdr_file_checksum_type_check CHECK ((checksum_type = ANY (ARRAY['MD5'::text, 'SHA256'::text, 'CKSUM'::text])));

-- constraint pdr_file_pkey on public.pdr_file
ALTER TABLE public.pdr_file ADD CONSTRAINT pdr_file_pkey PRIMARY KEY (delivery_id, file_name);

-- constraint subscription_callback_url_check on public.subscription
ALTER TABLE public.subscription ADD CONSTRAINT subscription_callback_url_check CHECK ((callback_url ~ '^https?://'::text));

-- constraint subscription_pkey on public.subscription
ALTER TABLE public.subscription ADD CONSTRAINT subscription_pkey PRIMARY KEY (id);

-- index public.delivery_dead
CREATE INDEX delivery_dead ON public.delivery USING btree (subscription_id, id) WHERE (state = 'dead'::text);

-- index public.delivery_delivered
CREATE INDEX delivery_delivered ON public.delivery USING btree (delivered_at) WHERE (state = 'delivered'::text);

-- index public.delivery_event
CREATE INDEX delivery_event ON public.delivery USING btree (event_id);

-- index public.delivery_in_flight
CREATE INDEX delivery_in_flight ON public.delivery USING btree (subscription_id, leased_until) WHERE (leased_until IS NOT NULL);

-- index public.delivery_pending_by_subscription
CREATE INDEX delivery_pending_by_subscription ON public.delivery USING btree (subscription_id, next_attempt_at, id) WHERE (state = 'pending'::text);

-- index public.granule_esdt_start
CREATE INDEX granule_esdt_start ON public.granule USING btree (esdt, start_time, id);

-- index public.granule_file_name
CREATE INDEX granule_file_name ON public.granule USING btree (esdt, file_name, version);

-- index public.granule_file_name_bytes
CREATE INDEX granule_file_name_bytes ON public.granule USING btree (file_name COLLATE "C", version DESC);

-- index public.granule_ingested_at
CREATE INDEX granule_ingested_at ON public.granule USING brin (ingested_at);

-- index public.granule_orbit
CREATE INDEX granule_orbit ON public.granule USING btree (esdt, orbit) WHERE (orbit IS NOT NULL);

-- index public.granule_sha256
CREATE INDEX granule_sha256 ON public.granule USING btree (sha256);

-- index public.granule_source
CREATE INDEX granule_source ON public.granule USING btree (source, id);

-- index public.outbox_event_commit_order
CREATE INDEX outbox_event_commit_order ON public.outbox_event USING btree (transaction_id, id);

-- index public.pdr_delivery_name
CREATE INDEX pdr_delivery_name ON public.pdr_delivery USING btree (pdr_name, id);

-- index public.pdr_file_awaited
CREATE INDEX pdr_file_awaited ON public.pdr_file USING btree (file_name) WHERE (disposition IS NULL);

-- constraint delivery_event_id_fkey on public.delivery
ALTER TABLE public.delivery ADD CONSTRAINT delivery_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.outbox_event(id);

-- constraint delivery_subscription_id_fkey on public.delivery
ALTER TABLE public.delivery ADD CONSTRAINT delivery_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscription(id);

-- constraint granule_esdt_fkey on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_esdt_fkey FOREIGN KEY (esdt, collection) REFERENCES public.esdt(short_name, collection_version);

-- constraint outbox_event_granule_id_fkey on public.outbox_event
ALTER TABLE public.outbox_event ADD CONSTRAINT outbox_event_granule_id_fkey FOREIGN KEY (granule_id) REFERENCES public.granule(id);

-- constraint pdr_file_delivery_id_fkey on public.pdr_file
ALTER TABLE public.pdr_file ADD CONSTRAINT pdr_file_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES public.pdr_delivery(id);

-- constraint pdr_file_granule_id_fkey on public.pdr_file
ALTER TABLE public.pdr_file ADD CONSTRAINT pdr_file_granule_id_fkey FOREIGN KEY (granule_id) REFERENCES public.granule(id);
