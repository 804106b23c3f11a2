package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.granary.patches.Patch;
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
    void recordsThePatchNameTheSessionSetAndNoneForDdlAfterIt() throws Exception {
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
        try (Connection connection = database.connect()) {
            assertThat(Provenance.outsideTool(connection, Instant.EPOCH))
                    .as("a name without the ledger row of the patch being applied is not believed")
                    .extracting(DdlEvent::objectIdentity, event -> event.falseClaim() != null)
                    .containsExactly(tuple("public.granule", true), tuple("public.granule_pkey", true), tuple("public.granule_name", false));
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

    @Test
    void installsItsEventTriggersToFireWhateverTheSessionReplicationRole() throws Exception {
        assertThat(database.query("SELECT evtname || ' ' || evtenabled::text FROM pg_event_trigger ORDER BY evtname"))
                .containsExactly("granary_record_ddl A", "granary_record_drops A");
    }

    @Test
    void recordsDdlRunUnderSessionReplicationRoleReplica() throws Exception {
        database.execute("CREATE TABLE orbit (id bigint)");
        try (Connection connection = database.connectAs("alice"); Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            statement.execute("CREATE TABLE granule (id bigint)");
            statement.execute("DROP TABLE orbit");
        }

        assertThat(events()).extracting(DdlEvent::role, DdlEvent::commandTag, DdlEvent::objectIdentity).containsExactly(
                tuple("postgres", "CREATE TABLE", "public.orbit"),
                tuple("alice", "CREATE TABLE", "public.granule"),
                tuple("alice", "DROP TABLE", "public.orbit"));
    }

    @Test
    void aPatchNameSetByHandIsBeliedByTheLedgerAndCountsAsDdlRunByHand() throws Exception {
        database.apply(TestDatabase.patches("CREATE TABLE granule (id bigint, name text)",
                Patch.NON_TRANSACTIONAL_MARKER + "\nCREATE INDEX CONCURRENTLY granule_name ON granule (name)"));
        try (Connection connection = database.connectAs("alice"); Statement statement = connection.createStatement()) {
            statement.execute("SET granary.patch = '0001-patch.sql'");
            statement.execute("ALTER TABLE granule ADD COLUMN comment text");
            statement.execute("SET granary.patch = '0009-never-applied.sql'");
            statement.execute("CREATE INDEX granule_id ON granule (id)");
        }

        List<DdlEvent> events = events();

        assertThat(events).filteredOn(DdlEvent::byPatchingTool).extracting(DdlEvent::objectIdentity, DdlEvent::patch)
                .as("the patcher's own DDL, transactional and not").containsExactly(
                        tuple("public.granule", "0001-patch.sql"),
                        tuple("public.granule_name", "0002-patch.sql"));
        try (Connection connection = database.connect()) {
            List<DdlEvent> byHand = Provenance.outsideTool(connection, Instant.EPOCH);
            assertThat(byHand).extracting(DdlEvent::objectIdentity, DdlEvent::patch).containsExactly(
                    tuple("public.granule", "0001-patch.sql"),
                    tuple("public.granule_id", "0009-never-applied.sql"));
            assertThat(byHand.getFirst().summary()).startsWith("by role alice from 127.0.0.1")
                    .contains(", by hand: it claims patch 0001-patch.sql but it ran ")
                    .endsWith(": ALTER TABLE granule ADD COLUMN comment text");
            assertThat(byHand.getLast().falseClaim()).startsWith("the ledger has no such patch");
        }
    }

    @Test
    void recordsTheTransactionAndSessionOfEachStatement() throws Exception {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            long transaction;
            int session;
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE granule (id bigint)");
                statement.execute("CREATE TABLE orbit (id bigint)");
                var row = statement.executeQuery("SELECT txid_current(), pg_backend_pid()");
                row.next();
                transaction = row.getLong(1);
                session = row.getInt(2);
            }
            connection.commit();

            assertThat(Provenance.events(connection, Instant.EPOCH)).extracting(DdlEvent::transactionId, DdlEvent::backendPid)
                    .containsExactly(tuple(transaction, session), tuple(transaction, session));
        }
    }

    @Test
    void readsALogMadeBeforeTransactionsWereRecordedAndAddsTheirColumnsOnInstall() throws Exception {
        TestDatabase old = TestDatabase.fresh("provenance_old_log");
        old.execute("""
                CREATE SCHEMA granary_patches;
                CREATE TABLE granary_patches.ddl_log (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(),
                    role text NOT NULL DEFAULT session_user, effective_role text, client_addr text, application_name text,
                    command_tag text, object_type text, object_identity text, statement text, patch text);
                INSERT INTO granary_patches.ddl_log (command_tag, object_identity) VALUES ('CREATE TABLE', 'public.before');""");
        try (Connection connection = old.connect()) {
            assertThat(Provenance.events(connection, Instant.EPOCH)).extracting(DdlEvent::objectIdentity, DdlEvent::transactionId)
                    .containsExactly(tuple("public.before", null));

            assertThat(Provenance.install(connection)).isTrue();
            old.execute("CREATE TABLE after (id bigint)");

            assertThat(Provenance.events(connection, Instant.EPOCH)).extracting(DdlEvent::objectIdentity, event -> event.transactionId() != null)
                    .containsExactly(tuple("public.before", false), tuple("public.after", true));
        }
    }

    private List<DdlEvent> events() throws SQLException {
        try (Connection connection = database.connect()) {
            return Provenance.events(connection, Instant.EPOCH);
        }
    }
}
