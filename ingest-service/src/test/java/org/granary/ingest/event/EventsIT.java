package org.granary.ingest.event;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.granary.archive.ArchiveNodes;
import org.granary.ingest.RunningIngest;
import org.granary.ingest.Subscriber;
import org.granary.postgres.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

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
    private RunningIngest ingest;
    private String station;
    private int slowPort;
    private int fastPort;
    private int listedPort;

    @BeforeAll
    void start() throws Exception {
        slowPort = FreePorts.outsideEphemeralRange();
        fastPort = FreePorts.outsideEphemeralRange();
        listedPort = FreePorts.outsideEphemeralRange();
        ingest = RunningIngest.start(home, "events_it", Map.of(
                "granary.ingest.events.max-attempts", "3",
                "granary.ingest.events.max-backoff", "1s",
                "granary.ingest.events.poll-interval", "200ms",
                "granary.ingest.events.response-timeout", "45s",
                "granary.ingest.events.callback-allow-list", "127.0.0.1:" + slowPort + ",127.0.0.1:" + fastPort + ",127.0.0.1:" + listedPort));
        station = ingest.token("station", "Svalbard ground station");
    }

    @AfterAll
    void stop() {
        ingest.close();
    }

    @Test
    void aSubscriberThatDoesNotAnswerDelaysNoOtherAndGetsItsEventOnceItAnswers() throws Exception {
        CountDownLatch slowReceived = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch slowAnswered = new CountDownLatch(1);
        CountDownLatch fastReceived = new CountDownLatch(1);
        try (Subscriber slow = Subscriber.listen(slowPort, request -> {
                    slowReceived.countDown();
                    released.await(30, TimeUnit.SECONDS);
                    slowAnswered.countDown();
                });
                Subscriber fast = Subscriber.listen(fastPort, request -> fastReceived.countDown())) {
            String scientist = ingest.token("scientist", "ozone team");
            long slowSubscription = subscribe(slow.url(), "OMTO3", scientist);
            subscribe(fast.url(), "OMTO3", scientist);

            long granule = granuleId(push("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5", "total ozone"));

            assertThat(slowReceived.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).as("the slow subscriber has its request").isTrue();
            assertThat(fastReceived.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).as("the fast subscriber has its event").isTrue();
            assertThat(slowAnswered.getCount()).as("the slow subscriber is still inside its sleep").isOne();
            assertThat(fast.received().getFirst().granuleId()).isEqualTo(granule);

            released.countDown();
            ArchiveNodes.await("the slow subscriber's delivery recorded", AWAIT,
                    () -> "delivered".equals(deliveryState(slowSubscription)));
            assertThat(slow.received()).extracting(Subscriber.Received::eventId)
                    .containsExactly(fast.received().getFirst().eventId());
        }
    }

    @Test
    void callbacksToLoopbackLinkLocalOrThePlatformAreRefusedAndAnAllowListedOneIsAccepted() throws Exception {
        String scientist = ingest.token("scientist", "aerosol team");
        int unlisted = FreePorts.outsideEphemeralRange();

        HttpResponse<String> loopback = ingest.post("/subscriptions", subscription("http://127.0.0.1:" + unlisted + "/events"), scientist);
        HttpResponse<String> metadata = ingest.post("/subscriptions", subscription("http://169.254.169.254/latest/meta-data/"), scientist);
        HttpResponse<String> itself = ingest.post("/subscriptions", subscription(ingest.url() + "/subscriptions"), scientist);
        HttpResponse<String> node = ingest.post("/subscriptions", subscription(ingest.archive().node("archive-1").url() + "/objects"), scientist);
        HttpResponse<String> userInfo = ingest.post("/subscriptions", subscription("http://operator:secret@127.0.0.1:" + listedPort + "/events"),
                scientist);
        HttpResponse<String> listed = ingest.post("/subscriptions", subscription("http://127.0.0.1:" + listedPort + "/events"), scientist);

        assertRefused(loopback, "127.0.0.1:" + unlisted + " resolves to 127.0.0.1, a loopback address");
        assertRefused(metadata, "169.254.169.254:80 resolves to 169.254.169.254, a link-local address");
        assertRefused(itself, "is ingest-service itself");
        assertRefused(node, "is the archive node " + ingest.archive().node("archive-1").url());
        assertRefused(userInfo, "must not carry a user name or password");
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(201);
        assertThat(sql().sql("SELECT callback_url FROM subscription WHERE created_by = 'aerosol team'").query(String.class).list())
                .as("nothing recorded for the refusals").containsExactly("http://127.0.0.1:" + listedPort + "/events");
    }

    @Test
    void subscriptionsAreSeenAndStoppedByTheirOwnersAndOperatorsOnly() throws Exception {
        String owner = ingest.token("scientist", "cloud team");
        String otherScientist = ingest.token("scientist", "ozone profile team");
        String operator = ingest.token("operator", "day shift");
        long owned = subscribe("http://127.0.0.1:" + listedPort + "/events", "OMCLDRR", owner);
        long operators = subscribe("http://127.0.0.1:" + listedPort + "/events", "OMCLDRR", operator);
        long ownerless = sql().sql("INSERT INTO subscription (callback_url, created_by) VALUES (?, 'before owners') RETURNING id")
                .param("http://127.0.0.1:" + listedPort + "/legacy").query(Long.class).single();

        assertThat(ingest.get("/subscriptions", null).statusCode()).as("a token is needed").isEqualTo(401);
        assertThat(ids(ingest.get("/subscriptions", owner))).containsExactly(owned);
        assertThat(ids(ingest.get("/subscriptions", otherScientist))).isEmpty();
        assertThat(ids(ingest.get("/subscriptions", operator))).contains(owned, operators, ownerless);
        assertThat(ids(ingest.get("/subscriptions", ingest.adminToken()))).contains(owned, operators, ownerless);
        assertThat(ingest.get("/subscriptions/" + owned, owner).statusCode()).isEqualTo(200);
        assertThat(ingest.get("/subscriptions/" + operators, owner).statusCode()).isEqualTo(403);
        assertThat(ingest.get("/subscriptions/" + ownerless, owner).statusCode()).isEqualTo(403);
        assertThat(ingest.get("/subscriptions/" + ownerless, operator).statusCode()).isEqualTo(200);

        HttpResponse<String> notTheirs = ingest.delete("/subscriptions/" + operators, owner);
        assertThat(notTheirs.statusCode()).isEqualTo(403);
        assertThat(notTheirs.body()).contains("belongs to another token");
        assertThat(ingest.delete("/subscriptions/" + owned, otherScientist).statusCode()).isEqualTo(403);
        assertThat(active(operators)).isTrue();
        assertThat(active(owned)).isTrue();
        assertThat(ingest.delete("/subscriptions/" + owned, owner).statusCode()).isEqualTo(204);
        assertThat(active(owned)).isFalse();
        assertThat(ingest.delete("/subscriptions/" + ownerless, operator).statusCode()).isEqualTo(204);
        assertThat(active(ownerless)).isFalse();
    }

    /** A subscription made before callbacks were checked: its address is refused when sending, and it dies a dead letter. */
    @Test
    void aCallbackWhoseAddressIsRefusedWhenSendingFailsItsAttemptsSayingWhy() throws Exception {
        long legacy = sql().sql("INSERT INTO subscription (callback_url, esdts, created_by) VALUES "
                + "('http://169.254.169.254/latest/meta-data/', '{OMNO2}', 'before checks') RETURNING id").query(Long.class).single();
        String operator = ingest.token("operator", "night shift");

        push("OMI-Aura_L2-OMNO2_2004m1001t0142-o01133_v003-2012m0405t174311.he5", "nitrogen dioxide");

        ArchiveNodes.await("the refused delivery to die", AWAIT, () -> "dead".equals(deliveryState(legacy)));
        long delivery = sql().sql("SELECT id FROM delivery WHERE subscription_id = ?").param(legacy).query(Long.class).single();
        String lastError = sql().sql("SELECT last_error FROM delivery WHERE id = ?").param(delivery).query(String.class).single();
        assertThat(lastError).startsWith("refused: ").contains("169.254.169.254:80 resolves to 169.254.169.254, a link-local address");
        assertThat(ingest.get("/deliveries/dead", operator).body()).contains("\"id\":" + delivery);
        assertThat(ingest.delete("/deliveries/" + delivery, operator).statusCode()).isEqualTo(204);
        assertThat(ingest.delete("/deliveries/" + delivery, operator).statusCode()).isEqualTo(404);
    }

    private void assertRefused(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("callbackUrl refused: ").contains(reason);
    }

    private long subscribe(String callbackUrl, String esdt, String token) throws Exception {
        HttpResponse<String> subscribed = ingest.post("/subscriptions", "{\"callbackUrl\":\"" + callbackUrl + "\",\"esdts\":[\"" + esdt + "\"]}", token);
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        return RunningIngest.json(subscribed.body()).get("id").asLong();
    }

    private static String subscription(String callbackUrl) {
        return "{\"callbackUrl\":\"" + callbackUrl + "\"}";
    }

    private List<Long> ids(HttpResponse<String> listing) {
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        return RunningIngest.json(listing.body()).valueStream().map(subscription -> subscription.get("id").asLong()).toList();
    }

    private String deliveryState(long subscription) {
        return sql().sql("SELECT state FROM delivery WHERE subscription_id = ?").param(subscription).query(String.class).optional().orElse(null);
    }

    private boolean active(long subscription) {
        return sql().sql("SELECT active FROM subscription WHERE id = ?").param(subscription).query(Boolean.class).single();
    }

    private JdbcClient sql() {
        return ingest.sql();
    }

    private HttpResponse<String> push(String name, String content) throws Exception {
        HttpResponse<String> pushed = ingest.push(name, content.getBytes(StandardCharsets.UTF_8), station);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        return pushed;
    }

    private static long granuleId(HttpResponse<String> pushed) {
        return RunningIngest.json(pushed.body()).get("id").asLong();
    }
}
