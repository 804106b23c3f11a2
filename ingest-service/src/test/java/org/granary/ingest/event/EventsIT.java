package org.granary.ingest.event;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.granary.archive.ArchiveNodes;
import org.granary.ingest.IngestServiceApplication;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.auth.ServiceName;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events and subscriptions of ingest-service on a real port, with two real archive nodes, real
 * PostgreSQL and real HTTP subscribers: a subscriber that does not answer delays no other, callbacks
 * are checked when subscribing and when sending, and subscriptions belong to their owners.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsIT {
    private static final Duration AWAIT = Duration.ofSeconds(60);

    @TempDir
    static Path home;
    private ArchiveNodes archive;
    private ConfigurableApplicationContext ingest;
    private String baseUrl;
    private String station;
    private int slowPort;
    private int fastPort;
    private int listedPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void start() throws Exception {
        slowPort = freePort();
        fastPort = freePort();
        listedPort = freePort();
        archive = ArchiveNodes.startTwo(home.resolve("archive"));
        ingest = GranaryApplication.run(IngestServiceApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + TemporaryPostgres.freshDatabase("events_it"),
                "--granary.auth.database-url=" + archive.authDatabase(),
                "--granary.auth.service-token-file=" + archive.serviceTokenFile(ServiceName.INGEST_SERVICE),
                "--granary.ingest.spool-directory=" + home.resolve("spool"),
                "--granary.ingest.archive-nodes=" + archive.node("archive-1").url() + "," + archive.node("archive-2").url(),
                "--granary.ingest.events.max-attempts=3",
                "--granary.ingest.events.max-backoff=1s",
                "--granary.ingest.events.poll-interval=200ms",
                "--granary.ingest.events.response-timeout=45s",
                "--granary.ingest.events.callback-allow-list=127.0.0.1:" + slowPort + ",127.0.0.1:" + fastPort + ",127.0.0.1:" + listedPort,
                "--logging.structured.format.console=");
        baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) ingest).getWebServer().getPort();
        station = token("station", "Svalbard ground station");
    }

    @AfterAll
    void stop() {
        ingest.close();
        archive.close();
    }

    @Test
    void aSubscriberThatDoesNotAnswerDelaysNoOtherAndGetsItsEventOnceItAnswers() throws Exception {
        CountDownLatch slowReceived = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch slowAnswered = new CountDownLatch(1);
        CountDownLatch fastReceived = new CountDownLatch(1);
        try (TestSubscriber slow = TestSubscriber.listen(slowPort, request -> {
                    slowReceived.countDown();
                    released.await(30, TimeUnit.SECONDS);
                    slowAnswered.countDown();
                });
                TestSubscriber fast = TestSubscriber.listen(fastPort, request -> fastReceived.countDown())) {
            String scientist = token("scientist", "ozone team");
            long slowSubscription = subscribe(slow.url(), "OMTO3", scientist);
            subscribe(fast.url(), "OMTO3", scientist);

            long granule = granuleId(push("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5", "total ozone"));

            assertThat(slowReceived.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).as("the slow subscriber has its request").isTrue();
            assertThat(fastReceived.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).as("the fast subscriber has its event").isTrue();
            assertThat(slowAnswered.getCount()).as("the slow subscriber is still inside its sleep").isOne();
            assertThat(json.readTree(fast.received().getFirst().body()).get("granule").get("id").asLong()).isEqualTo(granule);

            released.countDown();
            ArchiveNodes.await("the slow subscriber's delivery recorded", AWAIT,
                    () -> "delivered".equals(deliveryState(slowSubscription)));
            assertThat(slow.received()).extracting(TestSubscriber.Received::eventId)
                    .containsExactly(fast.received().getFirst().eventId());
        }
    }

    @Test
    void callbacksToLoopbackLinkLocalOrThePlatformAreRefusedAndAnAllowListedOneIsAccepted() throws Exception {
        String scientist = token("scientist", "aerosol team");
        int unlisted = freePort();

        HttpResponse<String> loopback = post("/subscriptions", subscription("http://127.0.0.1:" + unlisted + "/events"), scientist);
        HttpResponse<String> metadata = post("/subscriptions", subscription("http://169.254.169.254/latest/meta-data/"), scientist);
        HttpResponse<String> itself = post("/subscriptions", subscription(baseUrl + "/subscriptions"), scientist);
        HttpResponse<String> node = post("/subscriptions", subscription(archive.node("archive-1").url() + "/objects"), scientist);
        HttpResponse<String> userInfo = post("/subscriptions", subscription("http://operator:secret@127.0.0.1:" + listedPort + "/events"),
                scientist);
        HttpResponse<String> listed = post("/subscriptions", subscription("http://127.0.0.1:" + listedPort + "/events"), scientist);

        assertRefused(loopback, "127.0.0.1:" + unlisted + " resolves to 127.0.0.1, a loopback address");
        assertRefused(metadata, "169.254.169.254:80 resolves to 169.254.169.254, a link-local address");
        assertRefused(itself, "is ingest-service itself");
        assertRefused(node, "is the archive node " + archive.node("archive-1").url());
        assertRefused(userInfo, "must not carry a user name or password");
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(201);
        assertThat(sql().sql("SELECT callback_url FROM subscription WHERE created_by = 'aerosol team'").query(String.class).list())
                .as("nothing recorded for the refusals").containsExactly("http://127.0.0.1:" + listedPort + "/events");
    }

    @Test
    void subscriptionsAreSeenAndStoppedByTheirOwnersAndOperatorsOnly() throws Exception {
        String owner = token("scientist", "cloud team");
        String otherScientist = token("scientist", "ozone profile team");
        String operator = token("operator", "day shift");
        long owned = subscribe("http://127.0.0.1:" + listedPort + "/events", "OMCLDRR", owner);
        long operators = subscribe("http://127.0.0.1:" + listedPort + "/events", "OMCLDRR", operator);
        long ownerless = sql().sql("INSERT INTO subscription (callback_url, created_by) VALUES (?, 'before owners') RETURNING id")
                .param("http://127.0.0.1:" + listedPort + "/legacy").query(Long.class).single();

        assertThat(get("/subscriptions", null).statusCode()).as("a token is needed").isEqualTo(401);
        assertThat(ids(get("/subscriptions", owner))).containsExactly(owned);
        assertThat(ids(get("/subscriptions", otherScientist))).isEmpty();
        assertThat(ids(get("/subscriptions", operator))).contains(owned, operators, ownerless);
        assertThat(ids(get("/subscriptions", archive.adminToken()))).contains(owned, operators, ownerless);
        assertThat(get("/subscriptions/" + owned, owner).statusCode()).isEqualTo(200);
        assertThat(get("/subscriptions/" + operators, owner).statusCode()).isEqualTo(403);
        assertThat(get("/subscriptions/" + ownerless, owner).statusCode()).isEqualTo(403);
        assertThat(get("/subscriptions/" + ownerless, operator).statusCode()).isEqualTo(200);

        HttpResponse<String> notTheirs = delete("/subscriptions/" + operators, owner);
        assertThat(notTheirs.statusCode()).isEqualTo(403);
        assertThat(notTheirs.body()).contains("belongs to another token");
        assertThat(delete("/subscriptions/" + owned, otherScientist).statusCode()).isEqualTo(403);
        assertThat(active(operators)).isTrue();
        assertThat(active(owned)).isTrue();
        assertThat(delete("/subscriptions/" + owned, owner).statusCode()).isEqualTo(204);
        assertThat(active(owned)).isFalse();
        assertThat(delete("/subscriptions/" + ownerless, operator).statusCode()).isEqualTo(204);
        assertThat(active(ownerless)).isFalse();
    }

    /** A subscription made before callbacks were checked: its address is refused when sending, and it dies a dead letter. */
    @Test
    void aCallbackWhoseAddressIsRefusedWhenSendingFailsItsAttemptsSayingWhy() throws Exception {
        long legacy = sql().sql("INSERT INTO subscription (callback_url, esdts, created_by) VALUES "
                + "('http://169.254.169.254/latest/meta-data/', '{OMNO2}', 'before checks') RETURNING id").query(Long.class).single();
        String operator = token("operator", "night shift");

        push("OMI-Aura_L2-OMNO2_2004m1001t0142-o01133_v003-2012m0405t174311.he5", "nitrogen dioxide");

        ArchiveNodes.await("the refused delivery to die", AWAIT, () -> "dead".equals(deliveryState(legacy)));
        long delivery = sql().sql("SELECT id FROM delivery WHERE subscription_id = ?").param(legacy).query(Long.class).single();
        String lastError = sql().sql("SELECT last_error FROM delivery WHERE id = ?").param(delivery).query(String.class).single();
        assertThat(lastError).startsWith("refused: ").contains("169.254.169.254:80 resolves to 169.254.169.254, a link-local address");
        assertThat(get("/deliveries/dead", operator).body()).contains("\"id\":" + delivery);
        assertThat(delete("/deliveries/" + delivery, operator).statusCode()).isEqualTo(204);
        assertThat(delete("/deliveries/" + delivery, operator).statusCode()).isEqualTo(404);
    }

    private void assertRefused(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("callbackUrl refused: ").contains(reason);
    }

    private long subscribe(String callbackUrl, String esdt, String token) throws Exception {
        HttpResponse<String> subscribed = post("/subscriptions", "{\"callbackUrl\":\"" + callbackUrl + "\",\"esdts\":[\"" + esdt + "\"]}", token);
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        return json.readTree(subscribed.body()).get("id").asLong();
    }

    private static String subscription(String callbackUrl) {
        return "{\"callbackUrl\":\"" + callbackUrl + "\"}";
    }

    private List<Long> ids(HttpResponse<String> listing) {
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        return json.readTree(listing.body()).valueStream().map(subscription -> subscription.get("id").asLong()).toList();
    }

    private String deliveryState(long subscription) {
        return sql().sql("SELECT state FROM delivery WHERE subscription_id = ?").param(subscription).query(String.class).optional().orElse(null);
    }

    private boolean active(long subscription) {
        return sql().sql("SELECT active FROM subscription WHERE id = ?").param(subscription).query(Boolean.class).single();
    }

    private JdbcClient sql() {
        return ingest.getBean(JdbcClient.class);
    }

    private HttpResponse<String> push(String name, String content) throws Exception {
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/files/" + name))
                .header("Authorization", "Bearer " + station).PUT(HttpRequest.BodyPublishers.ofString(content)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        return pushed;
    }

    private long granuleId(HttpResponse<String> pushed) {
        JsonNode granule = json.readTree(pushed.body());
        return granule.get("id").asLong();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String token(String role, String label) throws Exception {
        HttpResponse<String> created = post("/admin/tokens", "{\"role\":\"" + role + "\",\"label\":\"" + label + "\"}", archive.adminToken());
        return json.readTree(created.body()).get("token").asString();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
