package org.granary.patches.drift;

import java.util.List;
import org.granary.patches.PatchSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.granary.patches.drift.Drift.Kind.DIFFERENT;
import static org.granary.patches.drift.Drift.Kind.MISSING;
import static org.granary.patches.drift.Drift.Kind.UNEXPECTED;

/**
 * The hand changes beyond objects and their definitions that verify reports: row-level security,
 * policies, grants, owners, comments, storage parameters, statistics targets, replica identity,
 * column storage, sequence ownership, default privileges and publications. Each is made by SQL on
 * a patched database, reported with its words, and repaired by running the repair statements.
 */
class VerifyCoverageIT {
    private static final String BASE = """
            CREATE TABLE granule (id bigint PRIMARY KEY, name text NOT NULL, payload text, owner_name text);
            CREATE INDEX granule_name ON granule (name);
            CREATE SEQUENCE batch_number;
            CREATE TYPE granule_state AS ENUM ('received', 'archived');
            CREATE FUNCTION granule_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.granule $$;
            CREATE MATERIALIZED VIEW granule_names AS SELECT name FROM granule;
            """;
    private static final PatchSet PATCHES = TestDatabase.patches(BASE);

    /** The same, with every attribute verify compares set by the patches themselves. */
    private static final PatchSet PATCHES_WITH_ATTRIBUTES = TestDatabase.patches(BASE, """
            ALTER TABLE granule ENABLE ROW LEVEL SECURITY;
            ALTER TABLE granule FORCE ROW LEVEL SECURITY;
            CREATE POLICY own_rows ON granule AS PERMISSIVE FOR SELECT TO reader USING (owner_name = current_user);
            CREATE POLICY no_empty_names ON granule AS RESTRICTIVE FOR INSERT TO writer, reader WITH CHECK (name <> '');
            GRANT SELECT ON granule TO reader;
            GRANT INSERT, UPDATE ON granule TO writer WITH GRANT OPTION;
            GRANT UPDATE (payload) ON granule TO reader;
            GRANT USAGE ON SEQUENCE batch_number TO writer;
            REVOKE EXECUTE ON FUNCTION granule_count() FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION granule_count() TO reader;
            GRANT USAGE ON TYPE granule_state TO writer;
            GRANT SELECT ON granule_names TO reader;
            COMMENT ON TABLE granule IS 'one file of a product, as received';
            COMMENT ON COLUMN granule.name IS 'the file''s name';
            COMMENT ON INDEX granule_name IS 'lookups by name';
            COMMENT ON CONSTRAINT granule_pkey ON granule IS 'the key';
            COMMENT ON FUNCTION granule_count() IS 'how many';
            COMMENT ON TYPE granule_state IS 'where a granule is';
            COMMENT ON SEQUENCE batch_number IS 'batches';
            COMMENT ON MATERIALIZED VIEW granule_names IS 'names';
            ALTER TABLE granule SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.05);
            ALTER INDEX granule_name SET (fillfactor = 80);
            ALTER MATERIALIZED VIEW granule_names SET (fillfactor = 60);
            ALTER TABLE granule ALTER COLUMN name SET STATISTICS 500;
            ALTER TABLE granule REPLICA IDENTITY USING INDEX granule_pkey;
            ALTER TABLE granule ALTER COLUMN payload SET STORAGE EXTERNAL;
            ALTER TABLE granule ALTER COLUMN payload SET COMPRESSION pglz;
            ALTER SEQUENCE batch_number OWNED BY granule.id;
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reader;
            ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
            CREATE PUBLICATION granule_feed FOR TABLE granule (id, name) WHERE (id > 0) WITH (publish = 'insert, update');
            """);

    private TestDatabase database;

    @BeforeAll
    static void roles() throws Exception {
        TestDatabase.createRole("reader", "");
        TestDatabase.createRole("writer", "");
        TestDatabase.createRole("granary_other_owner", "");
        TestDatabase.createRole("granary_patcher", "SUPERUSER");
    }

    @BeforeEach
    void patchedDatabase() {
        database = TestDatabase.fresh("verify_coverage");
        database.apply(PATCHES);
    }

    @Test
    void findsNoDriftOnAnUntouchedDatabase() throws Exception {
        assertThat(drifts(database, PATCHES)).isEmpty();
    }

    @Test
    void findsNoDriftWhenThePatchesThemselvesSetEveryAttributeAndTheDefinitionShowsThem() throws Exception {
        TestDatabase attributed = TestDatabase.fresh("verify_coverage_attributes");
        attributed.apply(PATCHES_WITH_ATTRIBUTES);

        CatalogSnapshot expected = ScratchDatabase.expectedSchema(attributed.jdbcUrl(), PATCHES_WITH_ATTRIBUTES);

        assertThat(SchemaComparison.compare(expected, attributed.snapshot())).isEmpty();
        assertThat(expected.objects()).extracting(CatalogObject::objectType).contains("policy", "publication", "default privileges");
        String definition = SchemaDefinition.render(expected);
        assertThat(definition).isEqualTo(SchemaDefinition.render(attributed.snapshot())).contains(
                "ALTER TABLE public.granule ENABLE ROW LEVEL SECURITY;",
                "ALTER TABLE public.granule FORCE ROW LEVEL SECURITY;",
                "CREATE POLICY own_rows ON public.granule AS PERMISSIVE FOR SELECT TO reader USING ((owner_name = CURRENT_USER));",
                "GRANT SELECT ON TABLE public.granule TO reader;",
                "GRANT INSERT, UPDATE ON TABLE public.granule TO writer WITH GRANT OPTION;",
                "GRANT UPDATE (payload) ON TABLE public.granule TO reader;",
                "REVOKE ALL ON FUNCTION public.granule_count() FROM PUBLIC;",
                "COMMENT ON COLUMN public.granule.name IS 'the file''s name';",
                "ALTER TABLE public.granule SET (autovacuum_vacuum_scale_factor=0.05, fillfactor=70);",
                "ALTER TABLE public.granule ALTER COLUMN name SET STATISTICS 500;",
                "ALTER TABLE public.granule REPLICA IDENTITY USING INDEX granule_pkey;",
                "ALTER TABLE public.granule ALTER COLUMN payload SET STORAGE EXTERNAL;",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reader;",
                "ALTER DEFAULT PRIVILEGES REVOKE ALL ON FUNCTIONS FROM PUBLIC;",
                "CREATE PUBLICATION granule_feed FOR TABLE public.granule (id, name) WHERE ((id > 0))"
                        + " WITH (publish = 'insert, update', publish_via_partition_root = false);")
                .doesNotContain("OWNER TO postgres");
    }

    @Test
    void aTableDroppedByHandIsMadeAgainWithEveryAttributeThePatchesGaveIt() throws Exception {
        TestDatabase attributed = TestDatabase.fresh("verify_coverage_dropped");
        attributed.apply(PATCHES_WITH_ATTRIBUTES);
        attributed.execute("DROP TABLE granule CASCADE");

        List<Drift> drifts = drifts(attributed, PATCHES_WITH_ATTRIBUTES);

        assertThat(drifts).extracting(Drift::kind).contains(MISSING);
        assertRepairsRestoreThePatchedSchema(attributed, PATCHES_WITH_ATTRIBUTES, drifts);
    }

    @Test
    void rowLevelSecurityEnabledAndForcedByHand() throws Exception {
        database.execute("ALTER TABLE granule ENABLE ROW LEVEL SECURITY; ALTER TABLE granule FORCE ROW LEVEL SECURITY");

        List<Drift> drifts = drifts(database, PATCHES);

        assertThat(drifts).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(DIFFERENT);
            assertThat(drift.name()).isEqualTo("public.granule");
            assertThat(drift.description()).isEqualTo("table public.granule differs from what the applied patches make: "
                    + "row level security is enabled in the database, disabled by the patches; "
                    + "row level security for owner is forced in the database, not forced by the patches");
            assertThat(drift.repairDdl()).isEqualTo("ALTER TABLE public.granule DISABLE ROW LEVEL SECURITY;\n"
                    + "ALTER TABLE public.granule NO FORCE ROW LEVEL SECURITY;");
        });
        assertRepairsRestoreThePatchedSchema(database, PATCHES, drifts);
    }

    @Test
    void aPolicyAddedByHandAndOneChangedByHand() throws Exception {
        TestDatabase attributed = TestDatabase.fresh("verify_coverage_policy");
        attributed.apply(PATCHES_WITH_ATTRIBUTES);
        attributed.execute("""
                CREATE POLICY everything ON granule USING (true);
                ALTER POLICY no_empty_names ON granule TO writer;
                """);

        List<Drift> drifts = drifts(attributed, PATCHES_WITH_ATTRIBUTES);

        assertThat(drifts).extracting(Drift::kind, Drift::name, Drift::description, Drift::repairDdl).containsExactly(
                tuple(UNEXPECTED, "everything on public.granule",
                        "policy everything on public.granule exists in the database but no applied patch makes it",
                        "DROP POLICY everything ON public.granule;"),
                tuple(DIFFERENT, "no_empty_names on public.granule",
                        "policy no_empty_names on public.granule differs from what the applied patches make: "
                                + "roles is writer in the database, reader, writer by the patches",
                        "DROP POLICY no_empty_names ON public.granule;\n"
                                + "CREATE POLICY no_empty_names ON public.granule AS RESTRICTIVE FOR INSERT TO reader, writer"
                                + " WITH CHECK ((name <> ''::text));"));
        assertRepairsRestoreThePatchedSchema(attributed, PATCHES_WITH_ATTRIBUTES, drifts);
    }

    @Test
    void grantsOnTablesColumnsSchemasSequencesFunctionsAndTypesMadeByHand() throws Exception {
        database.execute("""
                GRANT SELECT, DELETE ON granule TO reader;
                GRANT UPDATE (name) ON granule TO writer;
                GRANT CREATE ON SCHEMA public TO writer;
                GRANT USAGE, SELECT ON SEQUENCE batch_number TO writer WITH GRANT OPTION;
                REVOKE EXECUTE ON FUNCTION granule_count() FROM PUBLIC;
                GRANT USAGE ON TYPE granule_state TO reader;
                """);

        List<Drift> drifts = drifts(database, PATCHES);

        assertThat(drifts).extracting(Drift::kind, Drift::name, Drift::description, Drift::repairDdl).containsExactly(
                tuple(DIFFERENT, "public", "schema public differs from what the applied patches make: "
                        + "grants is PUBLIC: USAGE; writer: CREATE in the database, PUBLIC: USAGE by the patches",
                        "REVOKE ALL ON SCHEMA public FROM writer;"),
                tuple(DIFFERENT, "public.granule_state", "type public.granule_state differs from what the applied patches make: "
                        + "grants is PUBLIC: USAGE; reader: USAGE in the database, PUBLIC: USAGE by the patches",
                        "REVOKE ALL ON TYPE public.granule_state FROM reader;"),
                tuple(DIFFERENT, "public.batch_number", "sequence public.batch_number differs from what the applied patches make: "
                        + "grants is writer (with grant option): SELECT, USAGE in the database, none by the patches",
                        "REVOKE ALL ON SEQUENCE public.batch_number FROM writer;"),
                tuple(DIFFERENT, "public.granule", "table public.granule differs from what the applied patches make: "
                        + "grants is reader: DELETE, SELECT in the database, none by the patches",
                        "REVOKE ALL ON TABLE public.granule FROM reader;"),
                tuple(DIFFERENT, "public.granule_count()", "function public.granule_count() differs from what the applied patches make: "
                        + "grants is none in the database, PUBLIC: EXECUTE by the patches",
                        "GRANT EXECUTE ON FUNCTION public.granule_count() TO PUBLIC;"),
                tuple(DIFFERENT, "public.granule.name", "column public.granule.name differs from what the applied patches make: "
                        + "grants is writer: UPDATE in the database, none by the patches",
                        "REVOKE ALL (name) ON TABLE public.granule FROM writer;"));
        assertRepairsRestoreThePatchedSchema(database, PATCHES, drifts);
    }

    @Test
    void grantsTheDatabaseLacksAreGrantedBack() throws Exception {
        TestDatabase attributed = TestDatabase.fresh("verify_coverage_revoked");
        attributed.apply(PATCHES_WITH_ATTRIBUTES);
        attributed.execute("REVOKE UPDATE ON granule FROM writer CASCADE; REVOKE UPDATE (payload) ON granule FROM reader");

        List<Drift> drifts = drifts(attributed, PATCHES_WITH_ATTRIBUTES);

        assertThat(drifts).extracting(Drift::name, Drift::repairDdl).containsExactly(
                tuple("public.granule", "REVOKE ALL ON TABLE public.granule FROM writer;\n"
                        + "GRANT INSERT, UPDATE ON TABLE public.granule TO writer WITH GRANT OPTION;"),
                tuple("public.granule.payload", "GRANT UPDATE (payload) ON TABLE public.granule TO reader;"));
        assertRepairsRestoreThePatchedSchema(attributed, PATCHES_WITH_ATTRIBUTES, drifts);
    }

    @Test
    void ownersAreComparedWhateverRoleAppliedThePatchesAndChangesByHandAreReported() throws Exception {
        TestDatabase target = TestDatabase.fresh("verify_coverage_owner");
        new TestDatabase(target.jdbcUrl().replace("user=postgres", "user=granary_patcher")).apply(PATCHES);
        assertThat(target.query("SELECT tableowner FROM pg_tables WHERE tablename = 'granule'")).containsExactly("granary_patcher");
        assertThat(drifts(target, PATCHES)).as("made by another role than the scratch copy").isEmpty();

        target.execute("""
                ALTER TABLE granule OWNER TO granary_other_owner;
                ALTER FUNCTION granule_count() OWNER TO granary_other_owner;
                """);
        List<Drift> drifts = drifts(target, PATCHES);

        assertThat(drifts).extracting(Drift::kind, Drift::name, Drift::description, Drift::repairDdl).containsExactly(
                tuple(DIFFERENT, "public.granule", "table public.granule differs from what the applied patches make: "
                        + "owner is granary_other_owner in the database, the patches' role by the patches",
                        "ALTER TABLE public.granule OWNER TO granary_patcher;"),
                tuple(DIFFERENT, "public.granule_count()", "function public.granule_count() differs from what the applied patches make: "
                        + "owner is granary_other_owner in the database, the patches' role by the patches",
                        "ALTER FUNCTION public.granule_count() OWNER TO granary_patcher;"));
        assertRepairsRestoreThePatchedSchema(target, PATCHES, drifts);
    }

    @Test
    void aSequenceTiedToATableGoesWithItsOwnerAndIsNotReportedOnItsOwn() throws Exception {
        TestDatabase attributed = TestDatabase.fresh("verify_coverage_owned_sequence");
        attributed.apply(PATCHES_WITH_ATTRIBUTES);
        attributed.execute("ALTER TABLE granule OWNER TO granary_other_owner");

        List<Drift> drifts = drifts(attributed, PATCHES_WITH_ATTRIBUTES);

        assertThat(drifts).extracting(Drift::name, Drift::repairDdl)
                .containsExactly(tuple("public.granule", "ALTER TABLE public.granule OWNER TO postgres;"));
        assertRepairsRestoreThePatchedSchema(attributed, PATCHES_WITH_ATTRIBUTES, drifts);
    }

    @Test
    void commentsMadeOrChangedByHand() throws Exception {
        database.execute("""
                COMMENT ON TABLE granule IS 'granules';
                COMMENT ON COLUMN granule.name IS 'it''s the name';
                COMMENT ON INDEX granule_name IS 'by name';
                COMMENT ON CONSTRAINT granule_pkey ON granule IS 'key';
                COMMENT ON FUNCTION granule_count() IS 'count';
                COMMENT ON TYPE granule_state IS 'state';
                COMMENT ON SEQUENCE batch_number IS 'batches';
                COMMENT ON MATERIALIZED VIEW granule_names IS 'names';
                COMMENT ON SCHEMA public IS 'ours';
                """);

        List<Drift> drifts = drifts(database, PATCHES);

        assertThat(drifts).extracting(Drift::objectType).containsExactlyInAnyOrder("schema", "type", "sequence", "table",
                "function", "materialized view", "column", "constraint", "index");
        assertThat(drifts).filteredOn(drift -> drift.objectType().equals("column")).singleElement().satisfies(drift -> {
            assertThat(drift.description()).isEqualTo("column public.granule.name differs from what the applied patches make: "
                    + "comment is it's the name in the database, none by the patches");
            assertThat(drift.repairDdl()).isEqualTo("COMMENT ON COLUMN public.granule.name IS NULL;");
        });
        assertThat(drifts).filteredOn(drift -> drift.objectType().equals("schema")).singleElement()
                .extracting(Drift::repairDdl).isEqualTo("COMMENT ON SCHEMA public IS 'standard public schema';");
        assertThat(drifts).filteredOn(drift -> drift.objectType().equals("constraint")).singleElement()
                .extracting(Drift::repairDdl).isEqualTo("COMMENT ON CONSTRAINT granule_pkey on public.granule IS NULL;");
        assertRepairsRestoreThePatchedSchema(database, PATCHES, drifts);
    }

    @Test
    void storageParametersOfATableAnIndexAndAMaterializedViewSetByHand() throws Exception {
        database.execute("""
                ALTER TABLE granule SET (fillfactor = 70, autovacuum_enabled = false);
                ALTER INDEX granule_name SET (fillfactor = 80);
                ALTER MATERIALIZED VIEW granule_names SET (fillfactor = 60);
                """);

        List<Drift> drifts = drifts(database, PATCHES);

        assertThat(drifts).extracting(Drift::kind, Drift::name, Drift::description, Drift::repairDdl).containsExactly(
                tuple(DIFFERENT, "public.granule", "table public.granule differs from what the applied patches make: "
                        + "storage parameters is autovacuum_enabled=false, fillfactor=70 in the database, none by the patches",
                        "ALTER TABLE public.granule RESET (autovacuum_enabled, fillfactor);"),
                tuple(DIFFERENT, "public.granule_names", "materialized view public.granule_names differs from what the applied "
                        + "patches make: storage parameters is fillfactor=60 in the database, none by the patches",
                        "ALTER MATERIALIZED VIEW public.granule_names RESET (fillfactor);"),
                tuple(DIFFERENT, "public.granule_name", "index public.granule_name differs from what the applied patches make: "
                        + "definition differs",
                        "ALTER INDEX public.granule_name RESET (fillfactor);"));
        assertRepairsRestoreThePatchedSchema(database, PATCHES, drifts);
    }

    @Test
    void statisticsTargetStorageAndCompressionOfAColumnSetByHand() throws Exception {
        database.execute("""
                ALTER TABLE granule ALTER COLUMN name SET STATISTICS 500;
                ALTER TABLE granule ALTER COLUMN payload SET STORAGE EXTERNAL;
                ALTER TABLE granule ALTER COLUMN payload SET COMPRESSION pglz;
                """);

        List<Drift> drifts = drifts(database, PATCHES);

        assertThat(drifts).extracting(Drift::kind, Drift::name, Drift::description, Drift::repairDdl).containsExactly(
                tuple(DIFFERENT, "public.granule.name", "column public.granule.name differs from what the applied patches make: "
                        + "statistics target is 500 in the database, the default by the patches",
                        "ALTER TABLE public.granule ALTER COLUMN name SET STATISTICS -1;"),
                tuple(DIFFERENT, "public.granule.payload", "column public.granule.payload differs from what the applied patches make: "
                        + "storage is EXTERNAL in the database, the default by the patches; "
                        + "compression is pglz in the database, the default by the patches",
                        "ALTER TABLE public.granule ALTER COLUMN payload SET STORAGE DEFAULT;\n"
                                + "ALTER TABLE public.granule ALTER COLUMN payload SET COMPRESSION DEFAULT;"));
        assertRepairsRestoreThePatchedSchema(database, PATCHES, drifts);
    }

    @Test
    void replicaIdentityChangedByHand() throws Exception {
        database.execute("ALTER TABLE granule REPLICA IDENTITY USING INDEX granule_pkey");

        List<Drift> drifts = drifts(database, PATCHES);

        assertThat(drifts).extracting(Drift::kind, Drift::description, Drift::repairDdl).containsExactly(
                tuple(DIFFERENT, "table public.granule differs from what the applied patches make: "
                        + "replica identity is using index granule_pkey in the database, default by the patches",
                        "ALTER TABLE public.granule REPLICA IDENTITY DEFAULT;"));
        assertRepairsRestoreThePatchedSchema(database, PATCHES, drifts);

        database.execute("ALTER TABLE granule REPLICA IDENTITY FULL");
        assertThat(drifts(database, PATCHES)).singleElement().extracting(Drift::description).asString()
                .endsWith("replica identity is full in the database, default by the patches");
    }

    @Test
    void aSequenceTiedToAColumnOrUntiedByHand() throws Exception {
        database.execute("ALTER SEQUENCE batch_number OWNED BY granule.id");

        List<Drift> drifts = drifts(database, PATCHES);

        assertThat(drifts).singleElement().satisfies(drift -> {
            assertThat(drift.description()).isEqualTo("sequence public.batch_number differs from what the applied patches make: "
                    + "owned by is public.granule.id in the database, none by the patches");
            assertThat(drift.repairDdl()).endsWith("\nALTER SEQUENCE public.batch_number OWNED BY NONE;");
        });
        assertRepairsRestoreThePatchedSchema(database, PATCHES, drifts);

        TestDatabase attributed = TestDatabase.fresh("verify_coverage_owned_by");
        attributed.apply(PATCHES_WITH_ATTRIBUTES);
        attributed.execute("ALTER SEQUENCE batch_number OWNED BY NONE");
        List<Drift> untied = drifts(attributed, PATCHES_WITH_ATTRIBUTES);
        assertThat(untied).singleElement().extracting(Drift::repairDdl).asString()
                .endsWith("\nALTER SEQUENCE public.batch_number OWNED BY public.granule.id;");
        assertRepairsRestoreThePatchedSchema(attributed, PATCHES_WITH_ATTRIBUTES, untied);
    }

    @Test
    void defaultPrivilegesChangedByHand() throws Exception {
        database.execute("""
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reader;
                ALTER DEFAULT PRIVILEGES FOR ROLE writer GRANT USAGE ON SEQUENCES TO reader;
                """);

        List<Drift> drifts = drifts(database, PATCHES);

        assertThat(drifts).extracting(Drift::kind, Drift::name, Drift::description, Drift::repairDdl).containsExactlyInAnyOrder(
                tuple(UNEXPECTED, "on tables in schema public for the patches' role",
                        "default privileges on tables in schema public for the patches' role exists in the database"
                                + " but no applied patch makes it",
                        "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public REVOKE ALL ON TABLES FROM reader;"),
                tuple(UNEXPECTED, "on sequences for role writer",
                        "default privileges on sequences for role writer exists in the database but no applied patch makes it",
                        "ALTER DEFAULT PRIVILEGES FOR ROLE writer REVOKE ALL ON SEQUENCES FROM reader;"));
        assertRepairsRestoreThePatchedSchema(database, PATCHES, drifts);
    }

    @Test
    void defaultPrivilegesThePatchesSetAndTheDatabaseLost() throws Exception {
        TestDatabase attributed = TestDatabase.fresh("verify_coverage_default_privileges");
        attributed.apply(PATCHES_WITH_ATTRIBUTES);
        attributed.execute("ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC");

        List<Drift> drifts = drifts(attributed, PATCHES_WITH_ATTRIBUTES);

        assertThat(drifts).extracting(Drift::kind, Drift::name, Drift::repairDdl).containsExactly(
                tuple(MISSING, "on functions for the patches' role",
                        "ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE ALL ON FUNCTIONS FROM PUBLIC;"));
        assertRepairsRestoreThePatchedSchema(attributed, PATCHES_WITH_ATTRIBUTES, drifts);
    }

    @Test
    void aPublicationMadeByHandAndOneChangedByHand() throws Exception {
        database.execute("CREATE PUBLICATION everything FOR ALL TABLES");
        List<Drift> made = drifts(database, PATCHES);
        assertThat(made).extracting(Drift::kind, Drift::name, Drift::repairDdl)
                .containsExactly(tuple(UNEXPECTED, "everything", "DROP PUBLICATION everything;"));
        assertRepairsRestoreThePatchedSchema(database, PATCHES, made);

        TestDatabase attributed = TestDatabase.fresh("verify_coverage_publication");
        attributed.apply(PATCHES_WITH_ATTRIBUTES);
        attributed.execute("""
                ALTER PUBLICATION granule_feed SET TABLE granule;
                ALTER PUBLICATION granule_feed SET (publish = 'insert, update, delete');
                """);

        List<Drift> changed = drifts(attributed, PATCHES_WITH_ATTRIBUTES);

        assertThat(changed).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(DIFFERENT);
            assertThat(drift.description()).isEqualTo("publication granule_feed differs from what the applied patches make: "
                    + "operations is insert, update, delete in the database, insert, update by the patches; "
                    + "tables is public.granule in the database, public.granule (id, name) WHERE ((id > 0)) by the patches");
            assertThat(drift.repairDdl()).isEqualTo(
                    "ALTER PUBLICATION granule_feed SET TABLE public.granule (id, name) WHERE ((id > 0));\n"
                            + "ALTER PUBLICATION granule_feed SET (publish = 'insert, update', publish_via_partition_root = false);");
        });
        assertRepairsRestoreThePatchedSchema(attributed, PATCHES_WITH_ATTRIBUTES, changed);
    }

    private static List<Drift> drifts(TestDatabase target, PatchSet patches) throws Exception {
        return SchemaComparison.compare(ScratchDatabase.expectedSchema(target.jdbcUrl(), patches), target.snapshot());
    }

    /** Runs the repairs as a DBA would run them with psql: in the order given, as one script. */
    private static void assertRepairsRestoreThePatchedSchema(TestDatabase target, PatchSet patches, List<Drift> drifts)
            throws Exception {
        // Statement by statement, as psql sends a script: CREATE INDEX CONCURRENTLY refuses a transaction block.
        String script = String.join("\n", drifts.stream().map(Drift::repairDdl).toList());
        for (String statement : new org.granary.patches.Patch("0001-repair.sql", script).statements()) {
            target.execute(statement);
        }
        assertThat(drifts(target, patches)).as("drift after running the repairs").isEmpty();
    }
}
