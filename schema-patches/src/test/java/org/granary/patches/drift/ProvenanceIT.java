package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ProvenanceIT {
    private TestDatabase database;

    @BeforeAll
    static void roles() throws Exception {
        TestDatabase.createRole("alice", "SUPERUSER");
        TestDatabase.createRole("granary_service", "");
    }

    @BeforeEach
    void installed() throws Exception {
        database = TestDatabase.fresh("provenance");
        try (Connection connection = database.connect()) {
            assertThat(Provenance.install(connection)).isTrue();
        }
    }

    @Test
    void recordsDdlOfTheToolWithItsPatchNameAndDdlRunByHandWithout() throws Exception {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL granary.patch = '0001-create-granule.sql'");
                statement.execute("CREATE TABLE granule (id bigint PRIMARY KEY, name text)");
            }
            connection.commit();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE INDEX granule_name ON granule (name)"); // same session, after the patch
            }
            connection.commit();
        }

        List<DdlEvent> events = events();

        assertThat(events).extracting(DdlEvent::commandTag, DdlEvent::objectType, DdlEvent::objectIdentity, DdlEvent::patch)
                .containsExactly(
                        tuple("CREATE TABLE", "table", "public.granule", "0001-create-granule.sql"),
                        tuple("CREATE INDEX", "index", "public.granule_pkey", "0001-create-granule.sql"),
                        tuple("CREATE INDEX", "index", "public.granule_name", null));
        assertThat(events.getFirst().statement()).isEqualTo("CREATE TABLE granule (id bigint PRIMARY KEY, name text)");
        assertThat(events.getFirst().byPatchingTool()).isTrue();
        try (Connection connection = database.connect()) {
            assertThat(Provenance.outsideTool(connection, Instant.EPOCH)).extracting(DdlEvent::objectIdentity)
                    .containsExactly("public.granule_name");
            assertThat(Provenance.outsideTool(connection, Instant.now().plusSeconds(60))).isEmpty();
        }
    }

    @Test
    void recordsWhoRanTheStatementFromWhereAndAsWhichRole() throws Exception {
        database.execute("GRANT CREATE ON SCHEMA public TO granary_service");
        try (Connection connection = database.connectAs("alice"); Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = 'psql'");
            statement.execute("SET ROLE granary_service");
            statement.execute("CREATE TABLE granule (id bigint)");
        }

        List<DdlEvent> events = events();

        assertThat(events).extracting(DdlEvent::commandTag).as("a GRANT is DDL too").containsExactly("GRANT", "CREATE TABLE");
        assertThat(events.getLast()).satisfies(event -> {
            assertThat(event.role()).isEqualTo("alice");
            assertThat(event.effectiveRole()).isEqualTo("granary_service");
            assertThat(event.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(event.applicationName()).isEqualTo("psql");
            assertThat(event.at()).isBetween(Instant.now().minusSeconds(60), Instant.now());
            assertThat(event.summary()).startsWith("by role alice as granary_service from 127.0.0.1 (psql) at ")
                    .endsWith(": CREATE TABLE granule (id bigint)");
        });
    }

    @Test
    void recordsDdlOfARoleThatIsNotASuperuserWithoutLettingItReadTheLog() throws Exception {
        database.execute("GRANT CREATE ON SCHEMA public TO granary_service");

        database.executeAs("granary_service", "CREATE TABLE service_table (id bigint)");

        assertThat(events()).extracting(DdlEvent::role, DdlEvent::commandTag, DdlEvent::objectIdentity).containsExactly(
                tuple("postgres", "GRANT", null),
                tuple("granary_service", "CREATE TABLE", "public.service_table"));
        assertThatThrownBy(() -> database.executeAs("granary_service", "SELECT * FROM granary_patches.ddl_log"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> database.executeAs("granary_service", "DELETE FROM granary_patches.ddl_log"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    @Test
    void recordsWhatADropNamedButNotTheRowTypesAndToastTablesThatWentWithIt() throws Exception {
        database.execute("CREATE TABLE granule (id bigint, comment text); CREATE INDEX granule_comment ON granule (comment)");
        Instant beforeDrops = Instant.now();

        database.execute("ALTER TABLE granule DROP COLUMN comment");
        database.execute("DROP TABLE granule");

        try (Connection connection = database.connect()) {
            assertThat(Provenance.outsideTool(connection, beforeDrops))
                    .extracting(DdlEvent::commandTag, DdlEvent::objectType, DdlEvent::objectIdentity).containsExactly(
                            tuple("ALTER TABLE", "table column", "public.granule.comment"),
                            tuple("ALTER TABLE", "table", "public.granule"),
                            tuple("DROP TABLE", "table", "public.granule"));
        }
    }

    @Test
    void doesNotRecordItsOwnSchemaTemporaryObjectsOrWhatAnExtensionScriptMakes() throws Exception {
        database.execute("CREATE TABLE granary_patches.ledger_like (x int)");
        database.execute("CREATE TEMPORARY TABLE scratch (x int)");
        database.execute("CREATE EXTENSION pgcrypto");

        assertThat(events()).extracting(DdlEvent::commandTag, DdlEvent::objectIdentity)
                .containsExactly(tuple("CREATE EXTENSION", "pgcrypto"));
    }

    @Test
    void installingAgainChangesNothingAndRecordsEachStatementOnce() throws Exception {
        try (Connection connection = database.connect()) {
            assertThat(Provenance.install(connection)).isTrue();
            assertThat(Provenance.install(connection)).isTrue();
        }

        database.execute("CREATE TABLE granule (id bigint)");

        assertThat(events()).hasSize(1);
        assertThat(database.query("SELECT evtname FROM pg_event_trigger ORDER BY evtname"))
                .containsExactly("granary_record_ddl", "granary_record_drops");
    }

    @Test
    void aRoleThatIsNotASuperuserCannotInstallAndIsToldSoWithoutAnError() throws Exception {
        TestDatabase other = TestDatabase.fresh("provenance_not_superuser");
        try (Connection connection = other.connectAs("granary_service")) {
            assertThat(Provenance.install(connection)).isFalse();
            assertThat(Provenance.outsideTool(connection, Instant.EPOCH)).isEmpty();
        }
        assertThat(other.query("SELECT to_regclass('granary_patches.ddl_log')::text")).containsOnlyNulls();
    }

    @Test
    void aFailureToRecordWarnsButNeverBlocksTheStatement() throws Exception {
        database.execute("ALTER TABLE granary_patches.ddl_log ADD CONSTRAINT nothing_fits CHECK (false)");

        database.execute("CREATE TABLE granule (id bigint)");

        assertThat(database.query("SELECT to_regclass('public.granule')::text")).containsExactly("granule");
        assertThat(events()).isEmpty();
    }

    private List<DdlEvent> events() throws SQLException {
        try (Connection connection = database.connect()) {
            return Provenance.events(connection, Instant.EPOCH);
        }
    }
}
