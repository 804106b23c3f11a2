package org.granary.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real primaries and standbys: the pair of {@link TemporaryPostgres#standby()}, and pairs of their own in a temporary folder. */
class StreamingStandbyIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path home;

    @Test
    void theStandbyOfTheTestJvmShowsWhatThePrimaryWritesThroughItsSlot() throws Exception {
        StreamingStandby standby = TemporaryPostgres.standby();
        execute(standby.primary(), "CREATE TABLE sample_written (id int PRIMARY KEY, note text)",
                "INSERT INTO sample_written SELECT n, 'row ' || n FROM generate_series(1, 1000) AS n");

        awaitTrue("the rows on the standby", () -> count(standby.server(), "sample_written") == 1000);
        assertThat(query(standby.server(), "SELECT pg_is_in_recovery()")).isEqualTo("t");
        assertThat(query(standby.primary(), "SELECT active::text || ' ' || slot_type FROM pg_replication_slots WHERE slot_name = 'test_standby'"))
                .isEqualTo("true physical");
        assertThat(query(standby.primary(), "SELECT state FROM pg_stat_replication WHERE application_name = 'test_standby'"))
                .isEqualTo("streaming");
        assertThatThrownBy(() -> execute(standby.server(), "INSERT INTO sample_written VALUES (0, 'on the standby')"))
                .hasMessageContaining("read-only");
    }

    /**
     * Both test servers decode logically (metadata-sync captures the legacy database so), and a
     * logical slot on the primary leaves its physical standby streaming.
     */
    @Test
    void theTestServersDecodeLogicallyWhileTheStandbyStreams() throws Exception {
        assertThat(query(TemporaryPostgres.server(), "SHOW wal_level")).isEqualTo("logical");
        StreamingStandby standby = TemporaryPostgres.standby();
        assertThat(query(standby.primary(), "SELECT current_setting('wal_level') || ' ' || current_setting('max_replication_slots') "
                + "|| ' ' || current_setting('max_wal_senders')")).isEqualTo("logical 10 10");
        execute(standby.primary(), "CREATE TABLE decoded (id int PRIMARY KEY, note text)",
                "SELECT pg_create_logical_replication_slot('test_logical', 'test_decoding')");
        try {
            execute(standby.primary(), "INSERT INTO decoded VALUES (1, 'captured')", "UPDATE decoded SET note = 'changed'",
                    "DELETE FROM decoded");
            assertThat(query(standby.primary(), "SELECT string_agg(data, E'\\n') FROM pg_logical_slot_get_changes('test_logical', NULL, NULL) "
                    + "WHERE data NOT LIKE 'BEGIN%' AND data NOT LIKE 'COMMIT%'"))
                    .contains("table public.decoded: INSERT: id[integer]:1 note[text]:'captured'")
                    .contains("table public.decoded: UPDATE: id[integer]:1 note[text]:'changed'")
                    .contains("table public.decoded: DELETE: id[integer]:1");
            awaitTrue("the rows' deletion on the standby", () -> count(standby.server(), "decoded") == 0);
            assertThat(standby.isStreaming()).isTrue();
        } finally {
            execute(standby.primary(), "SELECT pg_drop_replication_slot('test_logical')");
        }
    }

    @Test
    void pausedReplayFallsBehindThePrimaryAndCatchesUpWhenResumed() throws Exception {
        StreamingStandby standby = TemporaryPostgres.standby();
        execute(standby.primary(), "CREATE TABLE lagging (id int)");
        awaitTrue("the table on the standby", () -> "1".equals(query(standby.server(), "SELECT count(*) FROM pg_class WHERE relname = 'lagging'")));
        execute(standby.server(), "SELECT pg_wal_replay_pause()");
        try {
            awaitTrue("replay paused", () -> "paused".equals(query(standby.server(), "SELECT pg_get_wal_replay_pause_state()")));
            execute(standby.primary(), "INSERT INTO lagging SELECT generate_series(1, 10000)");

            awaitTrue("the standby falls behind", () -> replayedBytesBehind(standby) > 0);
            awaitTrue("the standby received what the primary wrote", () -> receivedBytesBehind(standby) == 0);
            assertThat(replayedBytesBehind(standby)).as("bytes received but not replayed").isPositive();
            assertThat(count(standby.server(), "lagging")).isZero();
        } finally {
            execute(standby.server(), "SELECT pg_wal_replay_resume()");
        }
        awaitTrue("the standby caught up", () -> replayedBytesBehind(standby) == 0);
        assertThat(count(standby.server(), "lagging")).isEqualTo(10000);
    }

    @Test
    void letsReplicationInThroughPgHbaAndStreamsAgainAfterBothRestartWithoutBeingMadeAgainEvenWithoutItsSlot() throws Exception {
        PostgresServer.Settings primarySettings = settings("primary", Map.of());
        PostgresServer primary = refusingReplicationConnections(primarySettings);
        Path standbyData = home.resolve("standby/data");
        int standbyPort = freePort();
        try {
            StreamingStandby standby = StreamingStandby.start(primary, "restarted", standbyData, standbyPort);
            assertThat(Files.readString(primary.dataDirectory().resolve("pg_hba.conf"))).contains("host replication postgres 127.0.0.1/32 trust");
            execute(primary, "CREATE TABLE kept (value text)", "INSERT INTO kept VALUES ('before the restart')");
            awaitTrue("the first row on the standby", () -> count(standby.server(), "kept") == 1);
            Files.writeString(standbyData.resolve("made-once"), "a standby made again would lose this file");

            standby.stop();
            execute(primary, "SELECT pg_drop_replication_slot('restarted')");
            primary.stop();
            primary = PostgresServer.start(primarySettings);
            StreamingStandby again = StreamingStandby.start(primary, "restarted", standbyData, standbyPort);
            execute(primary, "INSERT INTO kept VALUES ('after the restart')");

            awaitTrue("the second row on the standby", () -> count(again.server(), "kept") == 2);
            assertThat(again.isStreaming()).isTrue();
            assertThat(standbyData.resolve("made-once")).as("adopted, not made again").exists();
            assertThat(query(primary, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'restarted'")).as("the slot made again").isEqualTo("1");
        } finally {
            StreamingStandby.existing(primary, "restarted", standbyData, standbyPort).stop();
            primary.stop();
        }
    }

    @Test
    void makesAgainAStandbyLeftFromAnEarlierPrimaryInTheSamePlace() throws Exception {
        PostgresServer.Settings primarySettings = settings("primary", Map.of());
        Path standbyData = home.resolve("standby/data");
        int standbyPort = freePort();
        PostgresServer first = PostgresServer.start(primarySettings);
        try {
            StreamingStandby.start(first, "remade", standbyData, standbyPort);
            Files.writeString(standbyData.resolve("made-once"), "gone when made again");
        } finally {
            first.stop();
        }
        PostgresBinaries.deleteRecursively(primarySettings.dataDirectory());

        PostgresServer second = PostgresServer.start(primarySettings);
        try {
            StreamingStandby standby = StreamingStandby.start(second, "remade", standbyData, standbyPort);
            assertThat(standby.isStreaming()).isTrue();
            assertThat(standbyData.resolve("made-once")).doesNotExist();
        } finally {
            StreamingStandby.existing(second, "remade", standbyData, standbyPort).stop();
            second.stop();
        }
    }

    @Test
    void refusesAFolderHoldingAClusterThatIsNoStandby() throws Exception {
        Path promoted = home.resolve("promoted");
        Files.createDirectories(promoted);
        Files.writeString(promoted.resolve("PG_VERSION"), "17\n");

        assertThatThrownBy(() -> StreamingStandby.start(TemporaryPostgres.standby().primary(), "refused", promoted, freePort()))
                .hasMessageContaining("no standby");
        assertThat(promoted.resolve("PG_VERSION")).exists();
    }

    /**
     * Removes initdb's replication lines, which let everyone in from 127.0.0.1, so that no line
     * lets replication in. With the server stopped: a reload takes effect a moment after it returns.
     */
    private static PostgresServer refusingReplicationConnections(PostgresServer.Settings settings) throws Exception {
        PostgresServer.start(settings).stop();
        Path hba = settings.dataDirectory().resolve("pg_hba.conf");
        Files.write(hba, Files.readAllLines(hba).stream().filter(line -> !line.matches("\\s*(local|host)\\s+replication\\s.*")).toList());
        return PostgresServer.start(settings);
    }

    private static long receivedBytesBehind(StreamingStandby standby) throws SQLException {
        return Long.parseLong(query(standby.primary(), "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn)::bigint "
                + "FROM pg_stat_replication WHERE application_name = '" + standby.name() + "'"));
    }

    private static long replayedBytesBehind(StreamingStandby standby) throws SQLException {
        return Long.parseLong(query(standby.primary(), "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint "
                + "FROM pg_stat_replication WHERE application_name = '" + standby.name() + "'"));
    }

    private PostgresServer.Settings settings(String name, Map<String, String> configuration) throws Exception {
        return new PostgresServer.Settings(home.resolve("binaries"), home.resolve(name).resolve("data"), freePort(), configuration);
    }

    private static void execute(PostgresServer server, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"));
                var statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String query(PostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"));
                var statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from " + sql).isTrue();
            return result.getString(1);
        }
    }

    private static long count(PostgresServer server, String table) throws SQLException {
        return Long.parseLong(query(server, "SELECT count(*) FROM " + table));
    }

    private static void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!attempt(condition)) {
            assertThat(Instant.now()).as(what + " within " + PATIENCE.toSeconds() + " s").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** False while the thing waited for is not there yet: a table the standby has not replayed yet is an error, not a wrong answer. */
    private static boolean attempt(Callable<Boolean> condition) throws Exception {
        try {
            return condition.call();
        } catch (SQLException notYet) {
            return false;
        }
    }

    private static int freePort() {
        return FreePorts.outsideEphemeralRange();
    }
}
