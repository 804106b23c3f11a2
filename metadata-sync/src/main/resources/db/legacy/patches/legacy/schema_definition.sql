-- Schema definition, generated from a database's catalog by Granary's schema-patches.
-- Do not edit: change the schema with a new patch, then generate this file again.
-- Objects are sorted by kind and name; a table's columns are in name order.

-- schema granary_sync
CREATE SCHEMA granary_sync;

-- schema public
CREATE SCHEMA public;
ALTER SCHEMA public OWNER TO pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';

-- extension plpgsql
CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog VERSION '1.0';

-- table granary_sync.applied_by_sync
CREATE TABLE granary_sync.applied_by_sync (
    at timestamp with time zone DEFAULT now(),
    txid bigint NOT NULL
);

-- table public.file_inventory
CREATE TABLE public.file_inventory (
    archive_path character varying(1024) NOT NULL,
    cksum_value bigint,
    esdt_code character varying(40) NOT NULL,
    file_name character varying(255) NOT NULL,
    file_size numeric(15,0) NOT NULL,
    insert_time timestamp without time zone DEFAULT (now() AT TIME ZONE 'UTC'::text) NOT NULL,
    md5_checksum character(32),
    orbit_number integer,
    production_time timestamp without time zone,
    start_time timestamp without time zone,
    status_code character(1) NOT NULL,
    stop_time timestamp without time zone,
    update_time timestamp without time zone DEFAULT (now() AT TIME ZONE 'UTC'::text) NOT NULL
);

-- table public.file_lineage
CREATE TABLE public.file_lineage (
    file_name character varying(255) NOT NULL,
    input_file character varying(255) NOT NULL
);

-- table public.file_qa
CREATE TABLE public.file_qa (
    file_name character varying(255) NOT NULL,
    qa_comment character varying(255),
    qa_flag character(1) NOT NULL,
    qa_time timestamp without time zone NOT NULL
);

-- constraint applied_by_sync_pkey on granary_sync.applied_by_sync
ALTER TABLE granary_sync.applied_by_sync ADD CONSTRAINT applied_by_sync_pkey PRIMARY KEY (txid);

-- constraint file_inventory_pkey on public.file_inventory
ALTER TABLE public.file_inventory ADD CONSTRAINT file_inventory_pkey PRIMARY KEY (file_name);

-- constraint file_inventory_status_code_check on public.file_inventory
ALTER TABLE public.file_inventory ADD CONSTRAINT file_inventory_status_code_check CHECK ((status_code = ANY (ARRAY['A'::bpchar, 'S'::bpchar])));

-- constraint file_lineage_pkey on public.file_lineage
ALTER TABLE public.file_lineage ADD CONSTRAINT file_lineage_pkey PRIMARY KEY (file_name, input_file);

-- constraint file_qa_pkey on public.file_qa
ALTER TABLE public.file_qa ADD CONSTRAINT file_qa_pkey PRIMARY KEY (file_name);

-- constraint file_qa_qa_flag_check on public.file_qa
ALTER TABLE public.file_qa ADD CONSTRAINT file_qa_qa_flag_check CHECK ((qa_flag = ANY (ARRAY['G'::bpchar, 'S'::bpchar, 'B'::bpchar, 'U'::bpchar])));

-- index public.file_inventory_esdt_start
CREATE INDEX file_inventory_esdt_start ON public.file_inventory USING btree (esdt_code, start_time);

-- constraint file_lineage_file_name_fkey on public.file_lineage
ALTER TABLE public.file_lineage ADD CONSTRAINT file_lineage_file_name_fkey FOREIGN KEY (file_name) REFERENCES public.file_inventory(file_name) ON DELETE CASCADE;

-- constraint file_qa_file_name_fkey on public.file_qa
ALTER TABLE public.file_qa ADD CONSTRAINT file_qa_file_name_fkey FOREIGN KEY (file_name) REFERENCES public.file_inventory(file_name) ON DELETE CASCADE;

-- publication granary_metadata_sync
CREATE PUBLICATION granary_metadata_sync FOR TABLE granary_sync.applied_by_sync, public.file_inventory, public.file_lineage, public.file_qa WITH (publish = 'insert, update, delete, truncate', publish_via_partition_root = false);
