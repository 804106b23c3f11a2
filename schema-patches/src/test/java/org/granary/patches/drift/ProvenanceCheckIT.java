package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The ways the DDL log can be switched off, each found, and each repair run to show it repairs. */
class ProvenanceCheckIT {
    private TestDatabase database;

    @BeforeAll
    static void roles() throws Exception {
        TestDatabase.createRole("alice", "SUPERUSER");
    }

    @BeforeEach
    void installed() throws Exception {
        database = TestDatabase.fresh("provenance_check");
        try (Connection connection = database.connect()) {
            assertThat(Provenance.install(connection)).isTrue();
        }
    }

    @Test
    void findsNothingWrongWithAFreshlyInstalledLog() throws Exception {
        assertThat(problems()).isEmpty();
    }

    @Test
    void findsNothingWhereTheLogWasNeverInstalled() throws Exception {
        TestDatabase other = TestDatabase.fresh("provenance_check_none");
        try (Connection connection = other.connect()) {
            assertThat(ProvenanceCheck.problems(connection)).isEmpty();
        }
    }

    @Test
    void reportsADisabledEventTriggerWhoseDdlGoesUnrecordedWithItsRepair() throws Exception {
        database.execute("ALTER EVENT TRIGGER granary_record_ddl DISABLE");
        database.executeAs("alice", "CREATE TABLE granule (id bigint)");

        List<Drift> problems = problems();

        assertThat(problems).extracting(Drift::kind, Drift::objectType, Drift::name, Drift::description, Drift::repairDdl)
                .containsExactly(tuple(Drift.Kind.PROVENANCE, "event trigger", "granary_record_ddl",
                        "event trigger granary_record_ddl of the DDL log is disabled: DDL is not recorded",
                        "ALTER EVENT TRIGGER granary_record_ddl ENABLE ALWAYS;"));
        assertThat(events()).as("the statement that went unrecorded").isEmpty();
        assertRepairsWork(problems);
    }

    @Test
    void reportsATriggerThatFiresOnlyInOriginModeAsTheyWereInstalledBefore() throws Exception {
        database.execute("ALTER EVENT TRIGGER granary_record_drops ENABLE");

        List<Drift> problems = problems();

        assertThat(problems).extracting(Drift::name, Drift::description).containsExactly(tuple("granary_record_drops",
                "event trigger granary_record_drops of the DDL log fires only under session_replication_role = origin or local:"
                        + " DDL run as replica is not recorded"));
        assertRepairsWork(problems);
    }

    @Test
    void reportsADroppedTriggerWithTheStatementsThatMakeItAgain() throws Exception {
        database.execute("DROP EVENT TRIGGER granary_record_drops");

        List<Drift> problems = problems();

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.description()).isEqualTo("event trigger granary_record_drops of the DDL log is gone: DDL is not recorded");
            assertThat(problem.repairDdl()).startsWith("-- or apply as a superuser").contains(
                    "CREATE EVENT TRIGGER granary_record_drops ON sql_drop EXECUTE FUNCTION granary_patches.record_ddl();",
                    "ALTER EVENT TRIGGER granary_record_drops ENABLE ALWAYS;");
        });
        assertRepairsWork(problems);
        database.execute("CREATE TABLE granule (id bigint); DROP TABLE granule");
        assertThat(events()).extracting(DdlEvent::commandTag).containsExactly("CREATE TABLE", "DROP TABLE");
    }

    @Test
    void reportsEventTriggersSwitchedOffForARoleInThisDatabase() throws Exception {
        String name = database.query("SELECT current_database()").getFirst();
        database.execute("ALTER ROLE alice IN DATABASE " + name + " SET event_triggers = off");
        database.executeAs("alice", "CREATE TABLE granule (id bigint)");

        List<Drift> problems = problems();

        assertThat(problems).extracting(Drift::objectType, Drift::description, Drift::repairDdl).containsExactly(tuple("setting",
                "event_triggers is off for role alice in this database: their DDL is not recorded",
                "ALTER ROLE alice IN DATABASE " + name + " RESET event_triggers;"));
        assertThat(events()).as("alice's statement went unrecorded").isEmpty();
        assertRepairsWork(problems);
    }

    @Test
    void applyingAgainRepairsTheTriggers() throws Exception {
        database.execute("ALTER EVENT TRIGGER granary_record_ddl DISABLE; DROP EVENT TRIGGER granary_record_drops");

        database.apply(TestDatabase.patches("CREATE TABLE granule (id bigint)"));

        assertThat(problems()).isEmpty();
    }

    /** Runs every repair, comments left out, and checks nothing is left to report. */
    private void assertRepairsWork(List<Drift> problems) throws SQLException {
        for (Drift problem : problems) {
            for (String line : problem.repairDdl().lines().filter(line -> !line.startsWith("-- ")).toList()) {
                database.execute(line);
            }
        }
        assertThat(problems()).as("after the repairs").isEmpty();
    }

    private List<Drift> problems() throws SQLException {
        try (Connection connection = database.connect()) {
            return ProvenanceCheck.problems(connection);
        }
    }

    private List<DdlEvent> events() throws SQLException {
        try (Connection connection = database.connect()) {
            return Provenance.events(connection, java.time.Instant.EPOCH);
        }
    }
}
