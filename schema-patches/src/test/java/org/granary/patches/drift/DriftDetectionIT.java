package org.granary.patches.drift;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.granary.patches.PatchSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.granary.patches.drift.Drift.Kind.DIFFERENT;
import static org.granary.patches.drift.Drift.Kind.MISSING;
import static org.granary.patches.drift.Drift.Kind.UNEXPECTED;

/**
 * Drift found the way the DBA tool finds it: patches applied by SchemaPatcher, the database then
 * changed by hand, the expected schema made in a scratch database. Each test also runs the repair
 * DDL and checks that the drift is gone, so repairs are proven, not only printed.
 */
class DriftDetectionIT {
    private static final PatchSet PATCHES = TestDatabase.patches("""
            CREATE TABLE granule (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name text NOT NULL,
                size_bytes bigint NOT NULL DEFAULT 0,
                state text DEFAULT 'received',
                CONSTRAINT granule_size_is_positive CHECK (size_bytes >= 0));
            CREATE FUNCTION granule_size_class(bytes bigint) RETURNS text LANGUAGE sql IMMUTABLE
                AS $$ SELECT CASE WHEN bytes > 1000000 THEN 'large' ELSE 'small' END $$;
            """, """
            ALTER TABLE granule ADD COLUMN orbit integer;
            CREATE INDEX granule_orbit ON granule (orbit);
            """);

    private TestDatabase database;

    @BeforeAll
    static void roles() throws Exception {
        TestDatabase.createRole("alice", "SUPERUSER");
    }

    @BeforeEach
    void patchedDatabase() {
        database = TestDatabase.fresh("drift_detection");
        database.apply(PATCHES);
    }

    @Test
    void findsNoDriftOnAnUntouchedDatabase() throws Exception {
        assertThat(drifts()).isEmpty();
    }

    @Test
    void findsAColumnAndAnIndexMadeByHandAndSaysWhoMadeThem() throws Exception {
        try (Connection connection = database.connect()) {
            assertThat(Provenance.install(connection)).isTrue();
        }
        database.executeAs("alice", "ALTER TABLE granule ADD COLUMN comment text");
        database.executeAs("alice", "CREATE INDEX granule_name_idx ON granule (name)");

        List<Drift> drifts = drifts();

        assertThat(drifts).containsExactly(
                new Drift(UNEXPECTED, "index", "public.granule_name_idx", "public.granule",
                        "index public.granule_name_idx exists in the database but no applied patch makes it",
                        "DROP INDEX CONCURRENTLY public.granule_name_idx;"),
                new Drift(UNEXPECTED, "column", "public.granule.comment", "public.granule",
                        "column public.granule.comment exists in the database but no applied patch makes it",
                        "-- this deletes the values of public.granule.comment: keep a copy if they matter\n"
                                + "ALTER TABLE public.granule DROP COLUMN comment;"));
        List<AttributedDrift> attributed;
        try (Connection connection = database.connect()) {
            attributed = AttributedDrift.attribute(drifts, Provenance.outsideTool(connection, Instant.EPOCH));
        }
        assertThat(attributed).allSatisfy(drift -> assertThat(drift.events()).singleElement().satisfies(event -> {
            assertThat(event.role()).isEqualTo("alice");
            assertThat(event.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(event.patch()).isNull();
        }));
        assertThat(attributed.get(0).events().getFirst().statement()).isEqualTo("CREATE INDEX granule_name_idx ON granule (name)");
        assertThat(attributed.get(1).explanation())
                .startsWith("added by role alice from 127.0.0.1 (PostgreSQL JDBC Driver) at ")
                .endsWith(": ALTER TABLE granule ADD COLUMN comment text");
        assertRepairsRestoreThePatchedSchema(drifts);
    }

    @Test
    void findsAChangedColumnTypeDefaultAndNullability() throws Exception {
        database.execute("""
                ALTER TABLE granule ALTER COLUMN orbit TYPE bigint;
                ALTER TABLE granule ALTER COLUMN state SET DEFAULT 'new';
                ALTER TABLE granule ALTER COLUMN name DROP NOT NULL;
                """);

        List<Drift> drifts = drifts();

        assertThat(drifts).extracting(Drift::kind, Drift::name, Drift::description, Drift::repairDdl).containsExactly(
                tuple(DIFFERENT, "public.granule.name",
                        "column public.granule.name differs from what the applied patches make: "
                                + "not null is false in the database, true by the patches",
                        "ALTER TABLE public.granule ALTER COLUMN name SET NOT NULL;"),
                tuple(DIFFERENT, "public.granule.orbit",
                        "column public.granule.orbit differs from what the applied patches make: "
                                + "data type is bigint in the database, integer by the patches",
                        "ALTER TABLE public.granule ALTER COLUMN orbit TYPE integer USING orbit::integer;"),
                tuple(DIFFERENT, "public.granule.state",
                        "column public.granule.state differs from what the applied patches make: "
                                + "default expression is 'new'::text in the database, 'received'::text by the patches",
                        "ALTER TABLE public.granule ALTER COLUMN state DROP DEFAULT;\n"
                                + "ALTER TABLE public.granule ALTER COLUMN state SET DEFAULT 'received'::text;"));
        assertRepairsRestoreThePatchedSchema(drifts);
    }

    @Test
    void findsADroppedConstraintAndSaysWhoDroppedIt() throws Exception {
        try (Connection connection = database.connect()) {
            Provenance.install(connection);
        }
        database.executeAs("alice", "ALTER TABLE granule DROP CONSTRAINT granule_size_is_positive");

        List<Drift> drifts = drifts();

        assertThat(drifts).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(MISSING);
            assertThat(drift.name()).isEqualTo("granule_size_is_positive on public.granule");
            assertThat(drift.description()).isEqualTo("constraint granule_size_is_positive on public.granule is missing: "
                    + "the applied patches make it but the database does not have it");
            assertThat(drift.repairDdl()).isEqualTo(
                    "ALTER TABLE public.granule ADD CONSTRAINT granule_size_is_positive CHECK ((size_bytes >= 0));");
        });
        try (Connection connection = database.connect()) {
            assertThat(AttributedDrift.attribute(drifts, Provenance.outsideTool(connection, Instant.EPOCH)))
                    .singleElement().satisfies(attributed -> assertThat(attributed.explanation())
                            .startsWith("removed by role alice from 127.0.0.1")
                            .contains(": ALTER TABLE granule DROP CONSTRAINT granule_size_is_positive"));
        }
        assertRepairsRestoreThePatchedSchema(drifts);
    }

    @Test
    void findsAChangedFunctionBodyAndRepairsWithThePatchedDefinition() throws Exception {
        database.execute("""
                CREATE OR REPLACE FUNCTION granule_size_class(bytes bigint) RETURNS text LANGUAGE sql IMMUTABLE
                    AS $$ SELECT CASE WHEN bytes > 5000000 THEN 'large' ELSE 'small' END $$""");

        List<Drift> drifts = drifts();

        assertThat(drifts).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(DIFFERENT);
            assertThat(drift.objectType()).isEqualTo("function");
            assertThat(drift.name()).isEqualTo("public.granule_size_class(bigint)");
            assertThat(drift.description()).endsWith(": definition differs");
            assertThat(drift.repairDdl()).startsWith("CREATE OR REPLACE FUNCTION public.granule_size_class(bytes bigint)")
                    .contains("bytes > 1000000").endsWith("$function$;");
        });
        assertRepairsRestoreThePatchedSchema(drifts);
    }

    @Test
    void findsATriggerAndAViewAddedByHand() throws Exception {
        database.execute("""
                CREATE TRIGGER granule_no_redundant_updates BEFORE UPDATE ON granule
                    FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
                CREATE VIEW large_granule AS SELECT id, name FROM granule WHERE size_bytes > 1000000;
                """);

        List<Drift> drifts = drifts();

        assertThat(drifts).extracting(Drift::kind, Drift::objectType, Drift::name, Drift::repairDdl).containsExactly(
                tuple(UNEXPECTED, "trigger", "granule_no_redundant_updates on public.granule",
                        "DROP TRIGGER granule_no_redundant_updates ON public.granule;"),
                tuple(UNEXPECTED, "view", "public.large_granule", "DROP VIEW public.large_granule;"));
        assertRepairsRestoreThePatchedSchema(drifts);
    }

    @Test
    void aTableDroppedByHandIsOneDriftWhoseRepairMakesItWithEverythingOnIt() throws Exception {
        database.execute("DROP TABLE granule");

        List<Drift> drifts = drifts();

        assertThat(drifts).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(MISSING);
            assertThat(drift.name()).isEqualTo("public.granule");
            assertThat(drift.repairDdl()).contains(
                    "CREATE TABLE public.granule (\n    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,",
                    "ALTER TABLE public.granule ADD CONSTRAINT granule_pkey PRIMARY KEY (id);",
                    "CREATE INDEX granule_orbit ON public.granule USING btree (orbit);");
        });
        assertRepairsRestoreThePatchedSchema(drifts);
    }

    @Test
    void aTableMadeByHandIsOneDriftWithItsColumnsIndexesAndSequence() throws Exception {
        database.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text); CREATE INDEX notes_body ON notes (body)");

        List<Drift> drifts = drifts();

        assertThat(drifts).extracting(Drift::kind, Drift::name).containsExactly(tuple(UNEXPECTED, "public.notes"));
        assertRepairsRestoreThePatchedSchema(drifts);
    }

    @Test
    void findsNoDriftOnAnUntouchedDatabaseWithEveryKindOfObject() throws Exception {
        List<String> available = database.query("SELECT name FROM pg_available_extensions WHERE name IN ('pgcrypto', 'btree_gist')");
        assertThat(available).as("the test server ships pgcrypto and btree_gist").hasSize(2);
        TestDatabase rich = TestDatabase.fresh("drift_rich");
        PatchSet patches = TestDatabase.patches(RichSchema.PATCH_1, RichSchema.PATCH_2);
        rich.apply(patches);

        CatalogSnapshot expected = ScratchDatabase.expectedSchema(rich.jdbcUrl(), patches);

        assertThat(SchemaComparison.compare(expected, rich.snapshot())).isEmpty();
        assertThat(expected.objects()).extracting(CatalogObject::objectType).contains(
                "schema", "extension", "type", "domain", "function", "procedure", "sequence", "table", "column",
                "constraint", "index", "view", "materialized view", "trigger");
        assertThat(SchemaDefinition.render(expected)).isEqualTo(SchemaDefinition.render(rich.snapshot()));
    }

    @Test
    void theRepairOfAnEveryKindOfObjectSchemaDroppedByHandMakesItAgain() throws Exception {
        TestDatabase rich = TestDatabase.fresh("drift_rich_dropped");
        PatchSet patches = TestDatabase.patches(RichSchema.PATCH_1, RichSchema.PATCH_2);
        rich.apply(patches);
        rich.execute("DROP SCHEMA archive CASCADE");

        List<Drift> drifts = SchemaComparison.compare(ScratchDatabase.expectedSchema(rich.jdbcUrl(), patches), rich.snapshot());

        assertThat(drifts).isNotEmpty().allSatisfy(drift -> assertThat(drift.kind()).isEqualTo(MISSING));
        repair(rich, drifts);
        assertThat(SchemaComparison.compare(ScratchDatabase.expectedSchema(rich.jdbcUrl(), patches), rich.snapshot())).isEmpty();
    }

    private List<Drift> drifts() throws Exception {
        return SchemaComparison.compare(ScratchDatabase.expectedSchema(database.jdbcUrl(), PATCHES), database.snapshot());
    }

    private void assertRepairsRestoreThePatchedSchema(List<Drift> drifts) throws Exception {
        repair(database, drifts);
        assertThat(drifts()).as("drift after running the repairs").isEmpty();
    }

    /** Runs the repairs as a DBA would run them with psql: in the order given, as one script. */
    private static void repair(TestDatabase target, List<Drift> drifts) throws Exception {
        // Statement by statement, as psql sends a script: CREATE INDEX CONCURRENTLY refuses a transaction block.
        String script = String.join("\n", drifts.stream().map(Drift::repairDdl).toList());
        for (String statement : new org.granary.patches.Patch("0001-repair.sql", script).statements()) {
            target.execute(statement);
        }
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
