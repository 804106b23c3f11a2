-- Schema definition, generated from a database's catalog by Granary's schema-patches.
-- Do not edit: change the schema with a new patch, then generate this file again.
-- Objects are sorted by kind and name; a table's columns are in name order.

-- schema granary_auth
CREATE SCHEMA granary_auth;

-- schema public
CREATE SCHEMA public;
ALTER SCHEMA public OWNER TO pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';

-- extension plpgsql
CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog VERSION '1.0';

-- table granary_auth.token
CREATE TABLE granary_auth.token (
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by bigint,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    label text NOT NULL,
    revoked_at timestamp with time zone,
    role text NOT NULL,
    secret_sha256 text NOT NULL
);

-- constraint token_label_check on granary_auth.token
ALTER TABLE granary_auth.token ADD CONSTRAINT token_label_check CHECK (((length(label) >= 1) AND (length(label) <= 200)));

-- constraint token_pkey on granary_auth.token
ALTER TABLE granary_auth.token ADD CONSTRAINT token_pkey PRIMARY KEY (id);

-- constraint token_role_check on granary_auth.token
ALTER TABLE granary_auth.token ADD CONSTRAINT token_role_check CHECK ((role = ANY (ARRAY['station'::text, 'scientist'::text, 'operator'::text, 'dba'::text, 'service'::text, 'admin'::text])));

-- constraint token_secret_sha256_check on granary_auth.token
ALTER TABLE granary_auth.token ADD CONSTRAINT token_secret_sha256_check CHECK ((secret_sha256 ~ '^[0-9a-f]{64}$'::text));

-- constraint token_secret_sha256_key on granary_auth.token
ALTER TABLE granary_auth.token ADD CONSTRAINT token_secret_sha256_key UNIQUE (secret_sha256);

-- index granary_auth.token_live_role
CREATE INDEX token_live_role ON granary_auth.token USING btree (role) WHERE (revoked_at IS NULL);

-- constraint token_created_by_fkey on granary_auth.token
ALTER TABLE granary_auth.token ADD CONSTRAINT token_created_by_fkey FOREIGN KEY (created_by) REFERENCES granary_auth.token(id);
