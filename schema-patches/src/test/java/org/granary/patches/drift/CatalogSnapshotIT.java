package org.granary.patches.drift;

import java.sql.Connection;
import org.granary.patches.drift.CatalogObject.Column;
import org.granary.patches.drift.CatalogObject.Constraint;
import org.granary.patches.drift.CatalogObject.Extension;
import org.granary.patches.drift.CatalogObject.Index;
import org.granary.patches.drift.CatalogObject.Routine;
import org.granary.patches.drift.CatalogObject.Schema;
import org.granary.patches.drift.CatalogObject.Sequence;
import org.granary.patches.drift.CatalogObject.Table;
import org.granary.patches.drift.CatalogObject.Trigger;
import org.granary.patches.drift.CatalogObject.UserType;
import org.granary.patches.drift.CatalogObject.View;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogSnapshotIT {
    /** Objects made in one order, each whole. */
    private static final String IN_ORDER = """
            CREATE SCHEMA archive;
            CREATE TYPE archive.granule_state AS ENUM ('received', 'archived');
            CREATE SEQUENCE archive.batch_number START 100 INCREMENT 5;
            CREATE TABLE archive.granule (
                id bigint PRIMARY KEY,
                name text NOT NULL,
                state archive.granule_state NOT NULL DEFAULT 'received',
                comment text);
            CREATE INDEX granule_name ON archive.granule (name);
            CREATE TABLE archive.orbit (number integer PRIMARY KEY, granule_id bigint REFERENCES archive.granule (id));
            CREATE FUNCTION archive.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER granule_touch BEFORE UPDATE ON archive.granule FOR EACH ROW EXECUTE FUNCTION archive.touch();
            CREATE VIEW archive.named AS SELECT id, name FROM archive.granule;
            """;

    /**
     * The same objects made in another order, owned by another role that (as its owning the ledger
     * says) is the one applying patches there, a column added later, another
     * added and dropped, the primary key and NOT NULL added afterwards, with another search_path.
     */
    private static final String OUT_OF_ORDER = """
            CREATE SCHEMA archive;
            SET search_path = archive, public;
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TYPE granule_state AS ENUM ('received', 'archived');
            CREATE TABLE granule (id bigint, to_be_dropped int, name text);
            ALTER TABLE granule DROP COLUMN to_be_dropped;
            ALTER TABLE granule ADD COLUMN comment text;
            ALTER TABLE granule ADD COLUMN state granule_state NOT NULL DEFAULT 'received';
            CREATE VIEW named AS SELECT id, name FROM granule;
            CREATE TRIGGER granule_touch BEFORE UPDATE ON granule FOR EACH ROW EXECUTE FUNCTION touch();
            CREATE TABLE orbit (granule_id bigint, number integer);
            ALTER TABLE granule ADD CONSTRAINT granule_pkey PRIMARY KEY (id);
            ALTER TABLE granule ALTER COLUMN name SET NOT NULL;
            ALTER TABLE orbit ADD CONSTRAINT orbit_granule_id_fkey FOREIGN KEY (granule_id) REFERENCES granule (id);
            ALTER TABLE orbit ADD CONSTRAINT orbit_pkey PRIMARY KEY (number);
            CREATE INDEX granule_name ON granule (name);
            CREATE SEQUENCE batch_number INCREMENT 5 START 100;
            ALTER TABLE granule OWNER TO granary_other_owner;
            ALTER FUNCTION touch() OWNER TO granary_other_owner;
            ALTER SCHEMA archive OWNER TO granary_other_owner;
            ALTER TYPE granule_state OWNER TO granary_other_owner;
            ALTER SEQUENCE batch_number OWNER TO granary_other_owner;
            ALTER TABLE orbit OWNER TO granary_other_owner;
            ALTER VIEW named OWNER TO granary_other_owner;
            CREATE SCHEMA granary_patches;
            CREATE TABLE granary_patches.ledger ();
            ALTER TABLE granary_patches.ledger OWNER TO granary_other_owner;
            """;

    @Test
    void databasesMadeByTheSameStatementsInAnotherOrderHaveEqualSnapshotsAndRenderByteForByte() throws Exception {
        TestDatabase.createRole("granary_other_owner", "");
        TestDatabase first = TestDatabase.fresh("snapshot_in_order");
        TestDatabase second = TestDatabase.fresh("snapshot_out_of_order");
        first.execute(IN_ORDER);
        second.execute(OUT_OF_ORDER);

        CatalogSnapshot snapshot = first.snapshot();

        assertThat(second.snapshot()).isEqualTo(snapshot);
        assertThat(SchemaDefinition.render(second.snapshot())).isEqualTo(SchemaDefinition.render(snapshot));
        assertThat(SchemaComparison.compare(snapshot, second.snapshot())).isEmpty();
        assertThat(snapshot.all(Column.class)).extracting(Column::name).containsExactly(
                "comment", "id", "name", "state", "granule_id", "number");
    }

    @Test
    void describesEveryKindOfObjectQualifiedWhateverTheSearchPath() throws Exception {
        TestDatabase database = TestDatabase.fresh("snapshot_contents");
        database.execute(IN_ORDER + """
                CREATE EXTENSION pgcrypto;
                CREATE TABLE archive.acquisition (granule_id bigint NOT NULL, acquired_at date NOT NULL,
                    PRIMARY KEY (granule_id, acquired_at)) PARTITION BY RANGE (acquired_at);
                CREATE TABLE archive.acquisition_2026 PARTITION OF archive.acquisition
                    FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                CREATE INDEX acquisition_day ON archive.acquisition (acquired_at);
                CREATE TRIGGER acquisition_touch BEFORE UPDATE ON archive.acquisition
                    FOR EACH ROW EXECUTE FUNCTION archive.touch();
                CREATE TABLE archive.counter (id integer GENERATED ALWAYS AS IDENTITY, hits serial);
                CREATE TABLE granary_patches_lookalike (x int);
                CREATE SCHEMA IF NOT EXISTS granary_patches;
                CREATE TABLE granary_patches.not_user_schema (x int);
                """);

        CatalogSnapshot snapshot;
        try (Connection connection = database.connect()) {
            connection.createStatement().execute("SET search_path = archive, public");
            snapshot = CatalogSnapshot.read(connection);
            assertThat(connection.getAutoCommit()).isTrue();
            try (var row = connection.createStatement().executeQuery("SHOW search_path")) {
                row.next();
                assertThat(row.getString(1)).as("the caller's settings are left as they were").isEqualTo("archive, public");
            }
        }

        assertThat(snapshot.all(Schema.class)).extracting(Schema::name).containsExactly("archive", "public");
        assertThat(snapshot.all(Extension.class)).extracting(Extension::name).contains("pgcrypto", "plpgsql");
        assertThat(snapshot.all(UserType.class)).containsExactly(
                new UserType("archive.granule_state", "enum", "ENUM ('received', 'archived')"));
        assertThat(snapshot.all(Routine.class)).extracting(Routine::name)
                .as("pgcrypto's functions are the extension's, not the schema's").containsExactly("archive.touch()");
        assertThat(snapshot.all(Table.class)).contains(
                new Table("archive.acquisition", "partitioned table", false, "RANGE (acquired_at)", null, null),
                new Table("archive.acquisition_2026", "table", false, null, "archive.acquisition",
                        "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"));
        assertThat(snapshot.all(Table.class)).extracting(Table::name)
                .contains("public.granary_patches_lookalike").doesNotContain("granary_patches.not_user_schema");
        assertThat(snapshot.all(Column.class)).contains(
                new Column("archive.granule", "state", "archive.granule_state", null, true,
                        "'received'::archive.granule_state", null, null),
                new Column("archive.counter", "id", "integer", null, true, null, "ALWAYS", null),
                new Column("archive.counter", "hits", "integer", null, true,
                        "nextval('archive.counter_hits_seq'::regclass)", null, null));
        assertThat(snapshot.all(Column.class)).extracting(Column::table)
                .as("a partition's columns are its parent's").doesNotContain("archive.acquisition_2026");
        assertThat(snapshot.all(Sequence.class)).as("an identity column's sequence is part of the column").containsExactly(
                new Sequence("archive.batch_number", "bigint", 100, 5, 1, Long.MAX_VALUE, 1, false, null),
                new Sequence("archive.counter_hits_seq", "integer", 1, 1, 1, Integer.MAX_VALUE, 1, false, "archive.counter.hits"));
        assertThat(snapshot.all(Constraint.class)).extracting(Constraint::qualifiedName).containsExactly(
                "acquisition_pkey on archive.acquisition", "granule_pkey on archive.granule",
                "orbit_pkey on archive.orbit", "orbit_granule_id_fkey on archive.orbit");
        assertThat(snapshot.all(Index.class)).as("no constraint's index, no partition's copy").containsExactly(
                new Index("archive.acquisition_day", "archive.acquisition",
                        "CREATE INDEX acquisition_day ON ONLY archive.acquisition USING btree (acquired_at)", true),
                new Index("archive.granule_name", "archive.granule",
                        "CREATE INDEX granule_name ON archive.granule USING btree (name)", true));
        assertThat(snapshot.all(View.class)).singleElement().satisfies(view -> {
            assertThat(view.name()).isEqualTo("archive.named");
            assertThat(view.definition()).contains("FROM archive.granule");
        });
        assertThat(snapshot.all(Trigger.class)).as("no partition's clone of its parent's trigger")
                .extracting(Trigger::qualifiedName)
                .containsExactly("acquisition_touch on archive.acquisition", "granule_touch on archive.granule");
    }

    @Test
    void refusesAConnectionInTheMiddleOfATransaction() throws Exception {
        TestDatabase database = TestDatabase.fresh("snapshot_transaction");
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> CatalogSnapshot.read(connection))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("auto-commit");
        }
    }

    @Test
    void renderingStartsWithAWarningNotToEditAndWritesTablesWithTheirColumns() throws Exception {
        TestDatabase database = TestDatabase.fresh("snapshot_render");
        database.execute(IN_ORDER);

        String definition = SchemaDefinition.render(database.snapshot());

        assertThat(definition).startsWith("-- Schema definition, generated").contains("Do not edit");
        assertThat(definition).contains("""
                -- table archive.granule
                CREATE TABLE archive.granule (
                    comment text,
                    id bigint NOT NULL,
                    name text NOT NULL,
                    state archive.granule_state DEFAULT 'received'::archive.granule_state NOT NULL
                );
                """);
        assertThat(definition).contains("ALTER TABLE archive.granule ADD CONSTRAINT granule_pkey PRIMARY KEY (id);");
        assertThat(definition.indexOf("CREATE SCHEMA archive;")).isLessThan(definition.indexOf("CREATE TABLE archive.granule"));
    }
}
