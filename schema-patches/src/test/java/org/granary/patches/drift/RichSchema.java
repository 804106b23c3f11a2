package org.granary.patches.drift;

/** Patches that make one of every kind of object a snapshot describes. */
final class RichSchema {
    static final String PATCH_1 = """
            CREATE EXTENSION IF NOT EXISTS pgcrypto;
            CREATE EXTENSION IF NOT EXISTS btree_gist;
            CREATE SCHEMA archive;
            CREATE TYPE archive.granule_state AS ENUM ('received', 'archived', 'deleted');
            CREATE DOMAIN archive.checksum AS text CONSTRAINT checksum_is_sha256 CHECK (VALUE ~ '^[0-9a-f]{64}$');
            CREATE TYPE archive.extent AS (west double precision, east double precision);
            CREATE TYPE archive.orbit_range AS RANGE (SUBTYPE = integer);
            CREATE TABLE archive.granule (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name text COLLATE "C" NOT NULL UNIQUE,
                state archive.granule_state NOT NULL DEFAULT 'received',
                checksum archive.checksum,
                footprint archive.extent,
                size_bytes bigint NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
                size_megabytes numeric GENERATED ALWAYS AS (size_bytes / 1048576.0) STORED,
                token uuid DEFAULT gen_random_uuid(),
                created_at timestamptz NOT NULL DEFAULT now());
            CREATE SEQUENCE archive.batch_number AS integer START 100 INCREMENT 5 MAXVALUE 100000 CYCLE;
            CREATE TABLE archive.acquisition (
                granule_id bigint NOT NULL REFERENCES archive.granule (id) ON DELETE CASCADE,
                acquired_at timestamptz NOT NULL,
                note text,
                PRIMARY KEY (granule_id, acquired_at)) PARTITION BY RANGE (acquired_at);
            CREATE TABLE archive.acquisition_2026 PARTITION OF archive.acquisition
                FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
            CREATE TABLE archive.acquisition_other PARTITION OF archive.acquisition DEFAULT;
            CREATE INDEX acquisition_note ON archive.acquisition (lower(note)) WHERE note IS NOT NULL;
            CREATE UNLOGGED TABLE archive.reservation (
                id serial PRIMARY KEY,
                station integer NOT NULL,
                orbits archive.orbit_range,
                during tstzrange NOT NULL,
                CONSTRAINT one_reservation_at_a_time EXCLUDE USING gist (station WITH =, during WITH &&));
            """;

    static final String PATCH_2 = """
            CREATE FUNCTION archive.touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.created_at := now();
                RETURN NEW;
            END
            $$;
            CREATE TRIGGER granule_touch BEFORE UPDATE ON archive.granule FOR EACH ROW EXECUTE FUNCTION archive.touch();
            CREATE FUNCTION archive.count_acquisition() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
            CREATE TRIGGER acquisition_counted AFTER INSERT ON archive.acquisition
                FOR EACH ROW EXECUTE FUNCTION archive.count_acquisition();
            CREATE FUNCTION archive.size_class(bytes bigint) RETURNS text LANGUAGE sql IMMUTABLE
                RETURN CASE WHEN bytes > 1000000 THEN 'large' ELSE 'small' END;
            CREATE PROCEDURE archive.purge(older_than interval) LANGUAGE sql
                AS $$ DELETE FROM archive.granule WHERE created_at < now() - older_than $$;
            CREATE FUNCTION archive.granule_total() RETURNS bigint LANGUAGE sql STABLE
                RETURN (SELECT count(*) FROM archive.granule);
            CREATE VIEW archive.granule_summary AS SELECT archive.granule_total() AS granules;
            CREATE VIEW archive.archived_granule AS
                SELECT id, name, archive.size_class(size_bytes) AS size_class FROM archive.granule WHERE state = 'archived';
            CREATE MATERIALIZED VIEW archive.granule_count AS SELECT state, count(*) AS granules FROM archive.granule GROUP BY state;
            CREATE UNIQUE INDEX granule_count_state ON archive.granule_count (state);
            ALTER TABLE archive.granule ADD COLUMN batch integer DEFAULT nextval('archive.batch_number');
            ALTER TABLE archive.granule ALTER COLUMN token SET NOT NULL;
            """;

    private RichSchema() {
    }
}
