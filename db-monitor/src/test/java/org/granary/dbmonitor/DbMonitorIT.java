package org.granary.dbmonitor;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.granary.postgres.PostgresServer;
import org.granary.postgres.StreamingStandby;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * db-monitor against a real primary with a real streaming standby, a node that is stopped and a
 * node that accepts connections and never answers: the weather, its reasons and the figures
 * behind them, as an operator reads them through the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class DbMonitorIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String SECRET = "s3cr3t-Night-Shift-Password";

    @TempDir
    static Path home;

    private StreamingStandby replication;
    private RunningDbMonitor monitor;
    private ServerSocket silent;
    private final List<Socket> silentConnections = new CopyOnWriteArrayList<>();
    private Path clustersFile;

    @BeforeAll
    void start() throws Exception {
        replication = TemporaryPostgres.standby();
        try (Connection primary = connect(replication.primary())) {
            // as a DBA makes it (README): db-monitor writes its heartbeat there, and never makes it itself
            execute(primary, "CREATE TABLE IF NOT EXISTS granary_heartbeat (source text PRIMARY KEY, written_at timestamptz NOT NULL)");
            execute(primary, "CREATE TABLE IF NOT EXISTS granule (id int PRIMARY KEY, name text)");
            execute(primary, "INSERT INTO granule VALUES (1, 'a'), (2, 'b') ON CONFLICT DO NOTHING");
        }
        silent = new ServerSocket(0);
        Thread.ofVirtual().start(this::acceptAndSayNothing);
        Path secret = Files.writeString(home.resolve("ops-password"), SECRET + "\n");
        clustersFile = home.resolve("clusters.json");
        Files.writeString(clustersFile, """
                {"clusters": [
                  {"name": "ops", "stage": "operations", "nodes": [
                    {"name": "ops-1", "host": "127.0.0.1", "port": %d, "user": "postgres", "password": "file:%s", "role": "primary"},
                    {"name": "ops-2", "host": "127.0.0.1", "port": %d, "user": "postgres", "role": "standby"}]},
                  {"name": "stopped", "stage": "testing", "nodes": [
                    {"name": "stopped-1", "host": "127.0.0.1", "port": %d, "user": "postgres", "role": "primary"}]},
                  {"name": "stalled", "stage": "development", "nodes": [
                    {"name": "stalled-1", "host": "127.0.0.1", "port": %d, "user": "postgres", "role": "primary"}]}
                ]}""".formatted(replication.primary().port(), secret, replication.server().port(), RunningDbMonitor.freePort(),
                silent.getLocalPort()));
        monitor = RunningDbMonitor.start(home, clustersFile, Map.of(
                "granary.db-monitor.thresholds.operations.lag-cloudy", "3s",
                "granary.db-monitor.thresholds.operations.lag-bytes-cloudy", "1",
                "granary.db-monitor.thresholds.operations.blocked-cloudy", "1s",
                "granary.db-monitor.thresholds.operations.deadlock-window", "1m"));
    }

    @AfterAll
    void stop() throws IOException {
        if (monitor != null) {
            monitor.close();
        }
        silent.close();
        for (Socket socket : silentConnections) {
            socket.close();
        }
    }

    @Test
    void anIdlePrimaryShowsNoLagAndTheClusterIsFair() throws Exception {
        JsonNode ops = monitor.awaitCluster("ops", WITHIN, cluster -> "fair".equals(cluster.get("weather").asString())
                && node(cluster, "ops-2").path("lagBytes").isNumber());
        JsonNode standby = node(ops, "ops-2");
        assertThat(standby.get("role").asString()).isEqualTo("standby");
        assertThat(standby.get("receiverStatus").asString()).isEqualTo("streaming");
        assertThat(standby.get("lagBytes").asLong()).isZero();
        assertThat(standby.get("lagSeconds").asDouble()).isZero();
        assertThat(node(ops, "ops-1").get("role").asString()).isEqualTo("primary");
        assertThat(ops.get("reasons").size()).isZero();
    }

    @Test
    void pausedReplayTurnsTheClusterCloudyWithTheLagInBytesAndSecondsAndResumingClearsIt() throws Exception {
        try (Connection standby = connect(replication.server()); Connection primary = connect(replication.primary())) {
            monitor.awaitCluster("ops", WITHIN, cluster -> "fair".equals(cluster.get("weather").asString()));
            execute(standby, "SELECT pg_wal_replay_pause()");
            try {
                for (int i = 0; i < 20; i++) {
                    execute(primary, "UPDATE granule SET name = 'v" + i + "' WHERE id = 1");
                }
                JsonNode behind = monitor.awaitCluster("ops", WITHIN, cluster -> node(cluster, "ops-2").path("lagSeconds").asDouble() >= 3
                        && !"fair".equals(cluster.get("weather").asString()));
                assertThat(behind.get("weather").asString()).isIn("cloudy", "stormy");
                assertThat(node(behind, "ops-2").get("lagBytes").asLong()).isPositive();
                assertThat(node(behind, "ops-2").get("replayPaused").asBoolean()).isTrue();
                assertThat(reasons(behind)).anyMatch(reason -> reason.matches("standby ops-2 is \\d+ s behind \\(\\d.* of WAL not replayed\\)"))
                        .contains("replay is paused on standby ops-2");
            } finally {
                execute(standby, "SELECT pg_wal_replay_resume()");
            }
            JsonNode caughtUp = monitor.awaitCluster("ops", WITHIN, cluster -> "fair".equals(cluster.get("weather").asString()));
            assertThat(node(caughtUp, "ops-2").get("lagBytes").asLong()).isZero();
            assertThat(node(caughtUp, "ops-2").get("lagSeconds").asDouble()).isZero();
        }
    }

    @Test
    void pausedReplayOnAnIdlePrimaryIsNoFalseAllClear() throws Exception {
        try (Connection standby = connect(replication.server())) {
            monitor.awaitCluster("ops", WITHIN, cluster -> "fair".equals(cluster.get("weather").asString()));
            execute(standby, "SELECT pg_wal_replay_pause()");
            try {
                // nothing is written on the primary but db-monitor's heartbeat
                JsonNode behind = monitor.awaitCluster("ops", WITHIN, cluster -> node(cluster, "ops-2").path("lagSeconds").asDouble() >= 3);
                assertThat(node(behind, "ops-2").get("lagBytes").asLong()).isPositive();
                assertThat(behind.get("weather").asString()).isIn("cloudy", "stormy");
            } finally {
                execute(standby, "SELECT pg_wal_replay_resume()");
            }
            monitor.awaitCluster("ops", WITHIN, cluster -> node(cluster, "ops-2").path("lagSeconds").asDouble() == 0);
        }
    }

    @Test
    void aSessionBlockedByAnothersLockAppearsInTheTreeWithBothQueries() throws Exception {
        try (Connection holder = connect(replication.primary()); Connection waiter = connect(replication.primary())) {
            holder.setAutoCommit(false);
            execute(holder, "UPDATE granule SET name = 'held' WHERE id = 2");
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try {
                    execute(waiter, "UPDATE granule SET name = 'waiting' WHERE id = 2");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                JsonNode ops = monitor.awaitCluster("ops", WITHIN, cluster -> node(cluster, "ops-1").path("blockedSessions").asInt() > 0
                        && reasons(cluster).stream().anyMatch(reason -> reason.contains("blocked on ops-1")));
                assertThat(reasons(ops)).anyMatch(reason -> reason.matches("1 session blocked on ops-1, the longest for \\d+ s"));
                JsonNode tree = treeOf(monitor.getJson("/clusters/ops/blocking"), "ops-1");
                assertThat(tree.size()).isEqualTo(1);
                JsonNode root = tree.get(0);
                assertThat(root.get("session").get("query").asString()).isEqualTo("UPDATE granule SET name = 'held' WHERE id = 2");
                assertThat(root.get("session").get("state").asString()).startsWith("idle in transaction");
                JsonNode waiting = root.get("blocked").get(0).get("session");
                assertThat(waiting.get("query").asString()).isEqualTo("UPDATE granule SET name = 'waiting' WHERE id = 2");
                assertThat(waiting.get("blockedBy").get(0).asInt()).isEqualTo(root.get("session").get("pid").asInt());
                assertThat(waiting.get("lockWaitSeconds").asDouble()).isPositive();
            } finally {
                holder.rollback();
                blocked.join();
            }
        }
    }

    @Test
    void aDeadlockOfTwoSessionsIsCountedAndItsDetailsShown() throws Exception {
        try (Connection first = connect(replication.primary()); Connection second = connect(replication.primary())) {
            execute(first, "INSERT INTO granule VALUES (10, 'x'), (11, 'y') ON CONFLICT DO NOTHING");
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            execute(first, "UPDATE granule SET name = 'first' WHERE id = 10");
            execute(second, "UPDATE granule SET name = 'second' WHERE id = 11");
            CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> attempt(first, "UPDATE granule SET name = 'first' WHERE id = 11"));
            Thread.sleep(200);
            String other = attempt(second, "UPDATE granule SET name = 'second' WHERE id = 10");
            List<String> outcomes = List.of(one.join(), other);
            first.rollback();
            second.rollback();
            assertThat(outcomes).anyMatch(outcome -> outcome.contains("deadlock detected"));
            JsonNode ops = monitor.awaitCluster("ops", WITHIN, cluster -> node(cluster, "ops-1").path("deadlocksInWindow").asLong() >= 1);
            assertThat(reasons(ops)).anyMatch(reason -> reason.matches("\\d+ deadlocks? on ops-1 in the last 1 minutes"));
            assertThat(ops.get("weather").asString()).isIn("cloudy", "stormy");
            JsonNode deadlocks = monitor.getJson("/clusters/ops/deadlocks");
            assertThat(deadlocks.size()).isPositive();
            String detail = deadlocks.get(0).get("detail").asString();
            assertThat(deadlocks.get(0).get("node").asString()).isEqualTo("ops-1");
            assertThat(detail).contains("deadlock detected").containsPattern("Process \\d+ waits for ShareLock on transaction \\d+")
                    .contains("UPDATE granule SET name = 'first' WHERE id = 11").contains("UPDATE granule SET name = 'second' WHERE id = 10");
        }
    }

    @Test
    void aStoppedNodeAndASilentOneAreStormyWithoutDelayingTheOthers() throws Exception {
        JsonNode stopped = monitor.awaitCluster("stopped", WITHIN, cluster -> cluster.path("polledAt").isString());
        assertThat(stopped.get("weather").asString()).isIn("stormy", "unknown");
        assertThat(reasons(stopped)).anyMatch(reason -> reason.startsWith("primary stopped-1 does not answer: ") && reason.contains("refused"));
        JsonNode stalled = monitor.awaitCluster("stalled", WITHIN, cluster -> cluster.path("polledAt").isString());
        assertThat(reasons(stalled)).anyMatch(reason -> reason.startsWith("primary stalled-1 does not answer: "));
        // the replication cluster is polled every second all the while
        Instant before = Instant.parse(monitor.getJson("/clusters/ops").get("polledAt").asString());
        JsonNode later = monitor.awaitCluster("ops", Duration.ofSeconds(10), cluster -> Instant.parse(cluster.get("polledAt").asString())
                .isAfter(before.plusSeconds(2)));
        assertThat(node(later, "ops-1").get("pollMillis").asLong()).isLessThan(1000);
    }

    @Test
    void aCredentialNeverAppearsInAnAnswerOrTheLog(CapturedOutput output) throws Exception {
        monitor.awaitCluster("ops", WITHIN, cluster -> cluster.path("polledAt").isString());
        HttpResponse<String> definition = monitor.get("/clusters/ops/definition", monitor.operatorToken());
        assertThat(definition.body()).contains("\"password\":\"file:" + home.resolve("ops-password")).doesNotContain(SECRET);
        for (String path : List.of("/clusters", "/clusters/ops", "/clusters/ops/blocking", "/clusters/ops/forecast", "/actuator/prometheus")) {
            assertThat(monitor.get(path, monitor.operatorToken()).body()).as(path).doesNotContain(SECRET);
        }
        String unset = "GRANARY_TEST_UNSET_" + System.nanoTime();
        HttpResponse<String> put = monitor.send("PUT", "/clusters/nopassword/definition", """
                {"name": "nopassword", "stage": "development", "nodes": [
                  {"name": "np-1", "host": "127.0.0.1", "port": %d, "user": "postgres", "password": "env:%s", "role": "primary"}]}"""
                .formatted(replication.primary().port(), unset), monitor.operatorToken());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        JsonNode refused = monitor.awaitCluster("nopassword", WITHIN, cluster -> cluster.path("polledAt").isString());
        assertThat(reasons(refused)).contains("primary np-1 does not answer: no password for postgres: the environment variable " + unset
                + " is not set");
        assertThat(monitor.send("DELETE", "/clusters/nopassword", null, monitor.operatorToken()).statusCode()).isEqualTo(204);
        assertThat(output.getAll()).doesNotContain(SECRET);
    }

    @Test
    void theMonitorNeverChangesTheSchemaOfADatabaseItWatches() throws Exception {
        String url = TemporaryPostgres.freshDatabase("watched_untouched");
        String database = url.replaceAll(".*/([^/?]+)\\?.*", "$1");
        HttpResponse<String> put = monitor.send("PUT", "/clusters/untouched/definition", """
                {"name": "untouched", "stage": "testing", "nodes": [
                  {"name": "u-1", "host": "127.0.0.1", "port": %d, "database": "%s", "user": "postgres", "role": "primary"}]}"""
                .formatted(TemporaryPostgres.server().port(), database), monitor.operatorToken());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        JsonNode polled = monitor.awaitCluster("untouched", WITHIN, cluster -> node(cluster, "u-1").path("role").isString());
        assertThat(polled.get("weather").asString()).isEqualTo("fair");
        try (Connection watched = DriverManager.getConnection(url); Statement statement = watched.createStatement();
                var tables = statement.executeQuery("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")) {
            tables.next();
            assertThat(tables.getInt(1)).as("relations db-monitor made in a database it watches").isZero();
        }
        assertThat(monitor.send("DELETE", "/clusters/untouched", null, monitor.operatorToken()).statusCode()).isEqualTo(204);
    }

    @Test
    void aPasswordInClearIsRefusedAndChangesNothing() throws Exception {
        HttpResponse<String> put = monitor.send("PUT", "/clusters/clear/definition", """
                {"name": "clear", "stage": "development", "nodes": [
                  {"name": "c-1", "host": "127.0.0.1", "port": 5432, "user": "postgres", "password": "hunter2", "role": "primary"}]}""",
                monitor.operatorToken());
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(put.body()).contains("a password is a reference").doesNotContain("hunter2");
        assertThat(Files.readString(clustersFile)).doesNotContain("clear");
        assertThat(monitor.get("/clusters/clear", monitor.operatorToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void everyAnswerNeedsAnOperatorsToken() throws Exception {
        for (String path : List.of("/clusters", "/clusters/ops", "/clusters/ops/blocking", "/clusters/ops/definition")) {
            assertThat(monitor.get(path, null).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(monitor.send("DELETE", "/clusters/ops", null, null).statusCode()).isEqualTo(401);
        assertThat(monitor.get("/clusters/ops", "granary_not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void samplesAreKeptAsSeriesAndExportedToPrometheus() throws Exception {
        // A poll may find the standby without a replay position yet (no lag_bytes row then): seen once in CI, under load.
        monitor.awaitCluster("ops", WITHIN, cluster -> cluster.path("polledAt").isString() && node(cluster, "ops-2").path("lagBytes").isNumber());
        JsonNode series = monitor.getJson("/clusters/ops/series?metric=connections");
        assertThat(series.size()).isEqualTo(2);
        assertThat(series.get(0).get("points").size()).isPositive();
        assertThat(monitor.get("/clusters/ops/series?metric=nonsense", monitor.operatorToken()).statusCode()).isEqualTo(400);
        String prometheus = monitor.get("/actuator/prometheus", monitor.operatorToken()).body();
        assertThat(prometheus).containsPattern("granary_dbmonitor_lag_bytes\\{[^}]*cluster=\"ops\",node=\"ops-2\"\\} [0-9.eE+-]+")
                .containsPattern("granary_dbmonitor_weather\\{[^}]*cluster=\"stopped\"\\} 3.0");
    }

    @Test
    void finishedHoursAreDownsampledAndDaysPastTheRetentionDropped() throws Exception {
        org.jooq.DSLContext sql = monitor.bean(org.jooq.DSLContext.class);
        Instant now = Instant.now();
        Instant twoHoursAgo = now.minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        org.granary.dbmonitor.history.SampleStore store = monitor.bean(org.granary.dbmonitor.history.SampleStore.class);
        store.ensurePartition(java.time.LocalDate.ofInstant(twoHoursAgo, java.time.ZoneOffset.UTC));
        store.ensurePartition(java.time.LocalDate.parse("2026-01-01"));
        sql.execute("INSERT INTO sample VALUES (CAST(? AS timestamptz), 'history', 'h-1', 'connections', 4), "
                + "(CAST(? AS timestamptz), 'history', 'h-1', 'connections', 8), ('2026-01-01T10:00Z', 'history', 'h-1', 'connections', 1)",
                twoHoursAgo.plusSeconds(60).atOffset(java.time.ZoneOffset.UTC), twoHoursAgo.plusSeconds(120).atOffset(java.time.ZoneOffset.UTC));

        store.maintain(now, Duration.ofDays(14), Duration.ofDays(400));

        var hourly = sql.fetchOne("SELECT minimum, average, maximum, samples FROM sample_hourly WHERE cluster = 'history' AND hour = CAST(? AS timestamptz)",
                twoHoursAgo.atOffset(java.time.ZoneOffset.UTC));
        assertThat(hourly).isNotNull();
        assertThat(hourly.get(0, Double.class)).isEqualTo(4.0);
        assertThat(hourly.get(1, Double.class)).isEqualTo(6.0);
        assertThat(hourly.get(2, Double.class)).isEqualTo(8.0);
        assertThat(hourly.get(3, Integer.class)).isEqualTo(2);
        assertThat(sql.fetchOne("SELECT to_regclass('sample_20260101')").get(0)).as("a day past the retention").isNull();
        assertThat(sql.fetchOne("SELECT count(*) FROM sample WHERE cluster = 'history'").get(0, Integer.class)).isEqualTo(2);
        String tomorrow = "sample_" + java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).plusDays(1).toString().replace("-", "");
        assertThat(sql.fetchOne("SELECT to_regclass(?)", tomorrow).get(0)).as("made a day ahead").isNotNull();
        // run again: nothing is downsampled twice
        store.maintain(now, Duration.ofDays(14), Duration.ofDays(400));
        assertThat(sql.fetchOne("SELECT samples FROM sample_hourly WHERE cluster = 'history' AND hour = CAST(? AS timestamptz)",
                twoHoursAgo.atOffset(java.time.ZoneOffset.UTC)).get(0, Integer.class)).isEqualTo(2);
    }

    @Test
    void theForecastCarriesTheLastHourForward() throws Exception {
        monitor.awaitCluster("ops", WITHIN, cluster -> cluster.path("polledAt").isString());
        Thread.sleep(3000); // three polls at least
        JsonNode forecast = monitor.getJson("/clusters/ops/forecast");
        assertThat(forecast.findValuesAsString("metric")).contains("connections", "xid_age", "database_bytes");
        for (JsonNode outlook : forecast) {
            if (outlook.get("metric").asString().equals("connections")) {
                assertThat(outlook.get("limit").asDouble()).isEqualTo(300.0); // the test servers' max_connections
                assertThat(outlook.get("text").asString()).startsWith("connections on ops-");
            }
        }
    }

    private void acceptAndSayNothing() {
        while (!silent.isClosed()) {
            try {
                silentConnections.add(silent.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static String attempt(Connection connection, String sql) {
        try {
            execute(connection, sql);
            return "done";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    static JsonNode node(JsonNode cluster, String name) {
        for (JsonNode node : cluster.get("nodes")) {
            if (node.get("name").asString().equals(name)) {
                return node;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    static List<String> reasons(JsonNode cluster) {
        List<String> texts = new ArrayList<>();
        cluster.get("reasons").forEach(reason -> texts.add(reason.get("text").asString()));
        return texts;
    }

    private static JsonNode treeOf(JsonNode blocking, String node) {
        for (JsonNode entry : blocking) {
            if (entry.get("node").asString().equals(node)) {
                return entry.get("trees");
            }
        }
        throw new AssertionError("no node " + node + " in " + blocking);
    }

    static Connection connect(PostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("postgres"));
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
