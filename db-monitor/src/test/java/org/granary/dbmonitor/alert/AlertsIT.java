package org.granary.dbmonitor.alert;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.granary.dbmonitor.RunningDbMonitor;
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
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert rules, their webhook notifications and silences, through db-monitor's API against real
 * nodes: each test puts a cluster behind a {@link Gate} it shuts to take the node down (a rule
 * {@code up below 1}) and opens to bring it back, and a {@link WebhookReceiver} counts what
 * arrives. No test asserts timings: "no second notification" is checked after several more polls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class AlertsIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "Webhook-Pa55word-xyzzy";
    private static final String PATH_SECRET = "B0SLACKKEYxyzzy";

    /** Static: JUnit fills an instance field only for each test, after {@code @BeforeAll}. */
    @TempDir
    static Path home;

    private int postgresPort;
    private String databaseUrl;
    private RunningDbMonitor monitor;

    @BeforeAll
    void start() throws Exception {
        postgresPort = TemporaryPostgres.server().port();
        databaseUrl = TemporaryPostgres.freshDatabase("alerts");
        Path clustersFile = Files.writeString(home.resolve("clusters.json"), """
                {"clusters": [{"name": "steady", "stage": "operations", "nodes": [
                  {"name": "steady-1", "host": "127.0.0.1", "port": %d, "user": "postgres", "role": "primary"}]}]}"""
                .formatted(postgresPort));
        monitor = start(home, clustersFile, databaseUrl);
    }

    @AfterAll
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    static RunningDbMonitor start(Path home, Path clustersFile, String databaseUrl) throws Exception {
        return RunningDbMonitor.start(home, clustersFile, Map.of("spring.datasource.url", databaseUrl,
                "granary.db-monitor.alerts.webhook-allow-list", "127.0.0.1",
                "granary.db-monitor.alerts.send-interval", "200ms"));
    }

    @Test
    void aFiringRulePostsOnceAndItsResolutionOnce(CapturedOutput output) throws Exception {
        try (Gate gate = new Gate(postgresPort, true); WebhookReceiver receiver = new WebhookReceiver()) {
            defineCluster(monitor, "once", gate.port());
            long rule = createRule(monitor, "once down", "once", receiver.url("alerts:" + PASSWORD, "/services/T0/" + PATH_SECRET));
            try {
                gate.shut();
                await("the firing notification", () -> !receiver.received().isEmpty());
                WebhookReceiver.Received firing = receiver.received().getFirst();
                assertThat(firing.state()).isEqualTo("firing");
                assertThat(firing.body().get("text").asString()).startsWith("FIRING critical: once down on once/once-1: up is 0 (below 1 for 2s");
                assertThat(firing.body().get("rule").asString()).isEqualTo("once down");
                assertThat(firing.body().get("cluster").asString()).isEqualTo("once");
                assertThat(firing.body().get("node").asString()).isEqualTo("once-1");
                assertThat(firing.body().get("severity").asString()).isEqualTo("critical");
                assertThat(firing.body().get("value").asDouble()).isZero();
                assertThat(firing.body().get("threshold").asDouble()).isEqualTo(1.0);
                assertThat(Instant.parse(firing.body().get("startedAt").asString())).isBefore(Instant.now());
                assertThat(firing.authorization()).isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString(("alerts:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
                await("the firing notification recorded", () -> latestAlert(monitor, "once").path("notifiedFiringAt").isString());
                awaitPolls(monitor, "once", 3);
                assertThat(receiver.received()).hasSize(1);

                gate.open();
                await("the resolved notification", () -> receiver.received().size() >= 2);
                await("the resolved notification recorded", () -> latestAlert(monitor, "once").path("notifiedResolvedAt").isString());
                awaitPolls(monitor, "once", 3);
                List<WebhookReceiver.Received> received = receiver.received();
                assertThat(received).extracting(WebhookReceiver.Received::state).containsExactly("firing", "resolved");
                assertThat(received.get(1).body().get("text").asString()).startsWith("RESOLVED critical: once down on once/once-1: up is 1");
                assertThat(received.get(1).notificationId()).isNotEqualTo(firing.notificationId());
                JsonNode alert = latestAlert(monitor, "once");
                assertThat(alert.get("state").asString()).isEqualTo("resolved");
                assertThat(alert.get("rule").asString()).isEqualTo("once down");
                assertThat(Instant.parse(alert.get("resolvedAt").asString())).isAfter(Instant.parse(alert.get("firedAt").asString()));

                for (String path : List.of("/alert-rules", "/alerts", "/alerts?cluster=once")) {
                    String body = monitor.get(path, monitor.operatorToken()).body();
                    assertThat(body).as(path).doesNotContain(PASSWORD).doesNotContain(PATH_SECRET);
                }
                assertThat(monitor.getJson("/alert-rules").toString()).contains("\"webhooks\":[\"http://***@127.0.0.1:");
            } finally {
                cleanUp(monitor, rule, "once");
            }
        }
        assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain(PATH_SECRET);
    }

    @Test
    void aSilencedRuleSendsNothingButItsAlertsStillChangeStateAndAreRecorded() throws Exception {
        try (Gate gate = new Gate(postgresPort, true); WebhookReceiver receiver = new WebhookReceiver()) {
            defineCluster(monitor, "hushed", gate.port());
            HttpResponse<String> created = monitor.send("POST", "/silences", """
                    {"cluster": "hushed", "until": "%s", "reason": "failover drill"}""".formatted(Instant.now().plus(Duration.ofHours(1))),
                    monitor.operatorToken());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode silence = JSON.readTree(created.body());
            assertThat(silence.get("active").asBoolean()).as(created.body()).isTrue();
            assertThat(silence.get("createdBy").asString()).isEqualTo("night-shift");
            long rule = createRule(monitor, "hushed down", "hushed", receiver.url(null, "/hook"));
            try {
                gate.shut();
                await("the silenced alert firing", () -> "firing".equals(latestAlert(monitor, "hushed").path("state").asString()));
                assertThat(latestAlert(monitor, "hushed").get("silencedBy").asLong()).isEqualTo(silence.get("id").asLong());
                awaitPolls(monitor, "hushed", 3);
                gate.open();
                await("the silenced alert resolved", () -> "resolved".equals(latestAlert(monitor, "hushed").path("state").asString()));
                awaitPolls(monitor, "hushed", 3);
                assertThat(receiver.received()).isEmpty();
                assertThat(latestAlert(monitor, "hushed").path("notifiedFiringAt").isNull()).isTrue();

                String path = "/silences/" + silence.get("id").asLong();
                assertThat(monitor.send("DELETE", path, null, monitor.operatorToken()).statusCode()).isEqualTo(204);
                assertThat(monitor.send("DELETE", path, null, monitor.operatorToken()).statusCode()).isEqualTo(204);
                assertThat(monitor.send("DELETE", "/silences/987654321", null, monitor.operatorToken()).statusCode()).isEqualTo(404);
                JsonNode ended = find(monitor.getJson("/silences"), silence.get("id").asLong());
                assertThat(ended.get("active").asBoolean()).isFalse();
                assertThat(ended.get("endedAt").isString()).isTrue();
                assertThat(ended.get("reason").asString()).isEqualTo("failover drill");
                assertThat(find(monitor.getJson("/silences?active=true"), silence.get("id").asLong()).isMissingNode()).isTrue();

                gate.shut();
                await("the firing notification once the silence ended", () -> !receiver.received().isEmpty());
                awaitPolls(monitor, "hushed", 3);
                assertThat(receiver.received()).extracting(WebhookReceiver.Received::state).containsExactly("firing");
            } finally {
                cleanUp(monitor, rule, "hushed");
            }
        }
    }

    @Test
    void aReceiverAnswering500GetsTheNotificationAgainAndOnceItAnswered200NoMoreAndADeletedRuleResolvesItsAlert() throws Exception {
        try (Gate gate = new Gate(postgresPort, true); WebhookReceiver receiver = new WebhookReceiver()) {
            defineCluster(monitor, "retried", gate.port());
            receiver.answerNext(500);
            long rule = createRule(monitor, "retried down", "retried", receiver.url(null, "/hook"));
            try {
                gate.shut();
                await("the notification delivered", () -> !receiver.delivered().isEmpty());
                await("the delivery recorded", () -> latestAlert(monitor, "retried").path("notifiedFiringAt").isString());
                awaitPolls(monitor, "retried", 3);
                List<WebhookReceiver.Received> received = receiver.received();
                assertThat(received).extracting(WebhookReceiver.Received::answered).containsExactly(500, 200);
                assertThat(received).extracting(WebhookReceiver.Received::state).containsExactly("firing", "firing");
                assertThat(received.get(1).notificationId()).isEqualTo(received.get(0).notificationId());
                try (Connection connection = DriverManager.getConnection(databaseUrl); Statement statement = connection.createStatement();
                        ResultSet row = statement.executeQuery("SELECT attempts, sent_at IS NOT NULL FROM alert_notification WHERE id = "
                                + Long.parseLong(received.get(0).notificationId()))) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getInt(1)).isEqualTo(2);
                    assertThat(row.getBoolean(2)).isTrue();
                }

                assertThat(monitor.send("DELETE", "/alert-rules/" + rule, null, monitor.operatorToken()).statusCode()).isEqualTo(204);
                await("the resolution of the deleted rule's alert", () -> receiver.received().size() >= 3);
                WebhookReceiver.Received resolved = receiver.received().get(2);
                assertThat(resolved.state()).isEqualTo("resolved");
                assertThat(resolved.body().get("note").asString()).isEqualTo("the rule was deleted");
                assertThat(latestAlert(monitor, "retried").get("state").asString()).isEqualTo("resolved");
                awaitPolls(monitor, "retried", 2);
                assertThat(receiver.received()).hasSize(3);
                assertThat(monitor.getJson("/alerts?rule=retried%20down").size()).isEqualTo(1);
            } finally {
                cleanUp(monitor, rule, "retried");
            }
        }
    }

    @Test
    void aRestartWhileARuleFiresDoesNotSendItAgain(@TempDir Path restartHome) throws Exception {
        try (Gate gate = new Gate(postgresPort, true); WebhookReceiver receiver = new WebhookReceiver()) {
            Path clustersFile = Files.writeString(restartHome.resolve("clusters.json"), """
                    {"clusters": [{"name": "restarted", "stage": "development", "nodes": [
                      {"name": "restarted-1", "host": "127.0.0.1", "port": %d, "user": "postgres", "role": "primary"}]}]}"""
                    .formatted(gate.port()));
            String database = TemporaryPostgres.freshDatabase("alerts_restart");
            long alert;
            try (RunningDbMonitor first = start(restartHome, clustersFile, database)) {
                first.awaitCluster("restarted", WITHIN, AlertsIT::up);
                createRule(first, "restarted down", "restarted", receiver.url(null, "/hook"));
                gate.shut();
                await("the firing notification", () -> !receiver.received().isEmpty());
                await("the firing notification recorded", () -> latestAlert(first, "restarted").path("notifiedFiringAt").isString());
                alert = latestAlert(first, "restarted").get("id").asLong();
            }
            try (RunningDbMonitor second = start(restartHome, clustersFile, database)) {
                second.awaitCluster("restarted", WITHIN, cluster -> cluster.path("polledAt").isString());
                awaitPolls(second, "restarted", 3);
                assertThat(receiver.received()).hasSize(1);
                assertThat(latestAlert(second, "restarted").get("id").asLong()).isEqualTo(alert);
                assertThat(latestAlert(second, "restarted").get("state").asString()).isEqualTo("firing");
                gate.open();
                await("the resolved notification", () -> receiver.received().size() >= 2);
                await("the resolved notification recorded", () -> latestAlert(second, "restarted").path("notifiedResolvedAt").isString());
                awaitPolls(second, "restarted", 2);
                assertThat(receiver.received()).extracting(WebhookReceiver.Received::state).containsExactly("firing", "resolved");
            }
        }
    }

    @Test
    void rulesAreCheckedAndWrittenOnceAndDeletedRulesAreKeptOutOfTheList() throws Exception {
        String valid = """
                {"name": "steady lag", "metric": "lag_seconds", "comparison": "above", "threshold": 30, "for": "1m",
                 "severity": "warning", "webhooks": ["http://127.0.0.1:9/hook"]}""";
        for (String invalid : List.of(
                valid.replace("lag_seconds", "nonsense"),
                valid.replace("above", "over"),
                valid.replace("warning", "page-everyone"),
                valid.replace("\"1m\"", "\"forever\""),
                valid.replace("\"1m\"", "\"8d\""),
                valid.replace("30,", "null,"),
                valid.replace("\"severity\"", "\"cluster\": \"nowhere\", \"severity\""),
                valid.replace("http://127.0.0.1:9/hook", "ftp://user:" + PASSWORD + "@files.example/hook"),
                valid.replace("http://127.0.0.1:9/hook", "http://169.254.169.254/" + PATH_SECRET),
                valid.replace("\"steady lag\"", "\"\""),
                "{\"name\": ")) {
            HttpResponse<String> refused = monitor.send("POST", "/alert-rules", invalid, monitor.operatorToken());
            assertThat(refused.statusCode()).as(invalid + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.body()).doesNotContain(PASSWORD).doesNotContain(PATH_SECRET);
        }
        assertThat(monitor.send("POST", "/alert-rules", valid.replace("\"1m\"", "\"forever\""), monitor.operatorToken()).body())
                .contains("'forever' is not a duration");

        HttpResponse<String> created = monitor.send("POST", "/alert-rules", valid, monitor.operatorToken());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode rule = JSON.readTree(created.body());
        assertThat(rule.get("for").asString()).isEqualTo("1m");
        assertThat(rule.get("cluster").isNull()).isTrue();
        assertThat(rule.get("createdBy").asString()).isEqualTo("night-shift");
        assertThat(rule.get("webhooks").get(0).asString()).isEqualTo("http://127.0.0.1:9/***");
        HttpResponse<String> repeated = monitor.send("POST", "/alert-rules", valid, monitor.operatorToken());
        assertThat(repeated.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(repeated.body()).get("id").asLong()).isEqualTo(rule.get("id").asLong());
        assertThat(monitor.send("POST", "/alert-rules", valid.replace("30,", "60,"), monitor.operatorToken()).statusCode()).isEqualTo(409);

        String path = "/alert-rules/" + rule.get("id").asLong();
        assertThat(monitor.send("DELETE", path, null, monitor.operatorToken()).statusCode()).isEqualTo(204);
        assertThat(monitor.send("DELETE", path, null, monitor.operatorToken()).statusCode()).isEqualTo(204);
        assertThat(monitor.send("DELETE", "/alert-rules/987654321", null, monitor.operatorToken()).statusCode()).isEqualTo(404);
        assertThat(find(monitor.getJson("/alert-rules"), rule.get("id").asLong()).isMissingNode()).isTrue();
        assertThat(monitor.get("/alerts?state=burning", monitor.operatorToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void annotationsAreStoredWithTheirAuthorAndListedInTimeOrder() throws Exception {
        Instant earlier = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        HttpResponse<String> now = monitor.send("POST", "/clusters/steady/annotations", "{\"text\": \"reprocessing campaign started\"}",
                monitor.operatorToken());
        assertThat(now.statusCode()).as(now.body()).isEqualTo(201);
        JsonNode stored = JSON.readTree(now.body());
        assertThat(stored.get("cluster").asString()).isEqualTo("steady");
        assertThat(stored.get("author").asString()).isEqualTo("night-shift");
        assertThat(stored.get("text").asString()).isEqualTo("reprocessing campaign started");
        assertThat(Instant.parse(stored.get("at").asString())).isAfter(earlier.plusSeconds(3600));
        HttpResponse<String> before = monitor.send("POST", "/clusters/steady/annotations",
                "{\"at\": \"" + earlier + "\", \"text\": \"vacuum freeze\"}", monitor.operatorToken());
        assertThat(before.statusCode()).as(before.body()).isEqualTo(201);

        JsonNode listed = monitor.getJson("/clusters/steady/annotations");
        assertThat(texts(listed)).containsSubsequence("vacuum freeze", "reprocessing campaign started");
        JsonNode window = monitor.getJson("/clusters/steady/annotations?from=" + earlier.minusSeconds(60) + "&to=" + earlier.plusSeconds(60));
        assertThat(texts(window)).containsExactly("vacuum freeze");
        assertThat(Instant.parse(window.get(0).get("at").asString())).isEqualTo(earlier);
        assertThat(window.get(0).get("createdAt").isString()).isTrue();
    }

    @Test
    void badAnnotationsAreRefusedWithAProblemAndNothingIsStored() throws Exception {
        long before = annotationCount();
        for (String body : List.of("{\"text\": \"\"}", "{\"text\": \"   \"}", "{}", "{\"text\": \"" + "x".repeat(2001) + "\"}",
                "{\"text\": \"", "{\"at\": \"yesterday\", \"text\": \"late\"}", "[1, 2]")) {
            HttpResponse<String> refused = monitor.send("POST", "/clusters/steady/annotations", body, monitor.operatorToken());
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        HttpResponse<String> unknown = monitor.send("POST", "/clusters/nowhere/annotations", "{\"text\": \"lost\"}", monitor.operatorToken());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(monitor.get("/clusters/nowhere/annotations", monitor.operatorToken()).statusCode()).isEqualTo(404);
        assertThat(annotationCount()).isEqualTo(before);
        HttpResponse<String> longest = monitor.send("POST", "/clusters/steady/annotations", "{\"text\": \"" + "é".repeat(2000) + "\"}",
                monitor.operatorToken());
        assertThat(longest.statusCode()).as(longest.body()).isEqualTo(201);
    }

    @Test
    void everyEndpointRefusesWithoutATokenAndWithAScientistsToken() throws Exception {
        String scientist = token("scientist", "curious");
        String dba = token("dba", "schema-keeper");
        List<String[]> endpoints = List.of(
                new String[] {"GET", "/alert-rules", null},
                new String[] {"POST", "/alert-rules", "{}"},
                new String[] {"DELETE", "/alert-rules/1", null},
                new String[] {"GET", "/alerts", null},
                new String[] {"GET", "/silences", null},
                new String[] {"POST", "/silences", "{}"},
                new String[] {"DELETE", "/silences/1", null},
                new String[] {"GET", "/clusters/steady/annotations", null},
                new String[] {"POST", "/clusters/steady/annotations", "{\"text\": \"x\"}"});
        for (String[] endpoint : endpoints) {
            String what = endpoint[0] + " " + endpoint[1];
            assertThat(monitor.send(endpoint[0], endpoint[1], endpoint[2], null).statusCode()).as(what).isEqualTo(401);
            assertThat(monitor.send(endpoint[0], endpoint[1], endpoint[2], scientist).statusCode()).as(what).isEqualTo(403);
        }
        assertThat(monitor.send("POST", "/alert-rules", "{}", dba).statusCode()).isEqualTo(403);
        assertThat(monitor.send("POST", "/silences", "{}", dba).statusCode()).isEqualTo(403);
        assertThat(monitor.get("/alert-rules", dba).statusCode()).isEqualTo(200);
        HttpResponse<String> annotated = monitor.send("POST", "/clusters/steady/annotations", "{\"text\": \"index rebuilt\"}", dba);
        assertThat(annotated.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(annotated.body()).get("author").asString()).isEqualTo("schema-keeper");
    }

    private static void defineCluster(RunningDbMonitor monitor, String name, int port) throws Exception {
        HttpResponse<String> put = monitor.send("PUT", "/clusters/" + name + "/definition", """
                {"name": "%s", "stage": "development", "nodes": [
                  {"name": "%s-1", "host": "127.0.0.1", "port": %d, "user": "postgres", "role": "primary"}]}""".formatted(name, name, port),
                monitor.operatorToken());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        monitor.awaitCluster(name, WITHIN, AlertsIT::up);
    }

    private static long createRule(RunningDbMonitor monitor, String name, String cluster, String webhook) throws Exception {
        HttpResponse<String> created = monitor.send("POST", "/alert-rules", """
                {"name": "%s", "metric": "up", "comparison": "below", "threshold": 1, "for": "2s", "severity": "critical",
                 "cluster": "%s", "webhooks": ["%s"]}""".formatted(name, cluster, webhook), monitor.operatorToken());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asLong();
    }

    private static void cleanUp(RunningDbMonitor monitor, long rule, String cluster) throws Exception {
        monitor.send("DELETE", "/alert-rules/" + rule, null, monitor.operatorToken());
        monitor.send("DELETE", "/clusters/" + cluster, null, monitor.operatorToken());
    }

    private static boolean up(JsonNode cluster) {
        JsonNode nodes = cluster.path("nodes");
        return nodes.size() == 1 && nodes.get(0).path("failure").isNull() && nodes.get(0).path("role").isString();
    }

    /** The cluster's newest alert; a missing node when it has none. */
    private static JsonNode latestAlert(RunningDbMonitor monitor, String cluster) {
        try {
            return monitor.getJson("/alerts?cluster=" + cluster + "&limit=1").path(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the cluster was polled {@code polls} more times (one a second here): time for anything that should not happen. */
    private static void awaitPolls(RunningDbMonitor monitor, String cluster, int polls) throws Exception {
        Instant seen = Instant.parse(monitor.getJson("/clusters/" + cluster).get("polledAt").asString());
        monitor.awaitCluster(cluster, WITHIN, status -> Instant.parse(status.get("polledAt").asString()).isAfter(seen.plusSeconds(polls)));
        Thread.sleep(500); // and a few passes of the notification sender
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " never came within " + WITHIN);
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode find(JsonNode list, long id) {
        for (JsonNode item : list) {
            if (item.get("id").asLong() == id) {
                return item;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<String> texts(JsonNode annotations) {
        return annotations.valueStream().map(annotation -> annotation.get("text").asString()).toList();
    }

    private long annotationCount() throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM annotation")) {
            row.next();
            return row.getLong(1);
        }
    }

    /** A token of another role, made with the admin token db-monitor wrote at its first start. */
    private String token(String role, String label) throws Exception {
        String admin = Files.readString(home.resolve("admin-token")).strip();
        HttpResponse<String> created = monitor.send("POST", "/admin/tokens", "{\"role\": \"%s\", \"label\": \"%s\"}".formatted(role, label), admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("token").asString();
    }
}
