package org.granary.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.granary.archive.ArchiveNodes;
import org.granary.archive.client.ArchiveClient;
import org.granary.ingest.event.OutboxRows;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.auth.ServiceName;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** ingest-service on a real port with two real archive nodes (R = 2) and real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestIT {
    private static final String OMTO3 = "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5";

    @TempDir
    static Path home;
    private ArchiveNodes archive;
    private ConfigurableApplicationContext ingest;
    private String baseUrl;
    private String station;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void start() throws Exception {
        archive = ArchiveNodes.startTwo(home.resolve("archive"));
        ingest = GranaryApplication.run(IngestServiceApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + TemporaryPostgres.freshDatabase("ingest_it"),
                "--granary.auth.database-url=" + archive.authDatabase(),
                "--granary.auth.service-token-file=" + archive.serviceTokenFile(ServiceName.INGEST_SERVICE),
                "--granary.ingest.spool-directory=" + home.resolve("spool"),
                "--granary.ingest.archive-nodes=" + archive.node("archive-1").url() + "," + archive.node("archive-2").url(),
                "--granary.ingest.events.max-attempts=5",
                "--granary.ingest.events.max-backoff=1s",
                "--granary.ingest.events.poll-interval=200ms",
                "--granary.ingest.events.callback-allow-list=127.0.0.1",
                "--granary.ingest.stream-threshold-bytes=1048576",
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
    @Order(1)
    void anOmiFileIsArchivedWithTwoCopiesCataloguedFoundAndServed() throws Exception {
        byte[] content = "total column ozone, orbit 1132".repeat(1000).getBytes();

        HttpResponse<String> pushed = push(OMTO3, content, station, "Content-MD5", base64(digest("MD5", content)));

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        JsonNode granule = json.readTree(pushed.body());
        assertThat(granule.get("esdt").asString()).isEqualTo("OMTO3");
        assertThat(granule.get("orbit").asInt()).isEqualTo(1132);
        assertThat(granule.get("collection").asInt()).isEqualTo(3);
        assertThat(granule.get("startTime").asString()).isEqualTo("2004-10-01T00:03:00Z");
        assertThat(granule.get("endTime").asString()).as("one orbit after its start").isEqualTo("2004-10-01T01:41:53Z");
        assertThat(granule.get("productionTime").asString()).isEqualTo("2012-04-05T17:43:11Z");
        assertThat(granule.get("source").asString()).isEqualTo("Svalbard ground station");
        String sha256 = hex(digest("SHA-256", content));
        assertThat(granule.get("sha256").asString()).isEqualTo(sha256);
        try (ArchiveClient client = archive.client()) {
            assertThat(client.holders(sha256)).hasSize(2);
        }
        assertThat(get("/granules?esdt=OMTO3&orbitFrom=1132&orbitTo=1132").body()).contains(OMTO3);
        assertThat(get("/granules?esdt=OMTO3&from=2004-10-01T00:00:00Z&to=2004-10-01T00:02:00Z").body()).doesNotContain(OMTO3);
        assertThat(get("/granules?esdt=OMTO3&from=2004-10-01T01:00:00Z&to=2004-10-01T01:10:00Z").body())
                .as("a window inside the orbit, after its start").contains(OMTO3);
        assertThat(get("/granules?esdt=OMTO3&from=2004-10-01T01:42:00Z&to=2004-10-01T02:00:00Z").body()).doesNotContain(OMTO3);
        long id = granule.get("id").asLong();
        assertThat(pushed.headers().firstValue("Location")).hasValue("/granules/" + id);
        assertThat(pushed.headers().firstValue("Content-Type")).hasValue("application/json");
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/granules/" + id + "/content")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.body()).isEqualTo(content);
        HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/granules/" + id + "/content"))
                .header("Range", "bytes=6-11").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(new String(range.body())).isEqualTo("column");
        assertThat(outboxEvents(id)).isEqualTo(1);
        for (String node : List.of("archive-1", "archive-2")) {
            assertThat(archive.body(node, "/audit/" + sha256)).as("written with ingest's own token, audited on " + node)
                    .contains("\"action\":\"write\"").contains("ingest of " + OMTO3 + " by ingest-service");
        }
    }

    @Test
    @Order(2)
    void aLargePushWithItsSha256DeclaredGoesStraightToTheArchiveNodes() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0321-o01134_v003-2012m0405t174311.he5";
        byte[] content = randomContent(3 * 1024 * 1024 + 17, 1134);
        String sha256 = hex(digest("SHA-256", content));

        HttpResponse<String> pushed = push(name, content, station, "Repr-Digest", "sha-256=:" + base64(digest("SHA-256", content)) + ":");

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        JsonNode granule = json.readTree(pushed.body());
        assertThat(granule.get("sha256").asString()).isEqualTo(sha256);
        assertThat(granule.get("md5").asString()).as("hashed on the way through").isEqualTo(hex(digest("MD5", content)));
        assertThat(granule.get("sizeBytes").asLong()).isEqualTo(content.length);
        try (ArchiveClient client = archive.client()) {
            assertThat(client.holders(sha256)).hasSize(2);
        }
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/granules/" + granule.get("id").asLong()
                + "/content")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.body()).isEqualTo(content);
        assertThat(get("/actuator/prometheus").body()).as("passed through the stream stage, not the spool")
                .containsPattern("granary_ingest_push_stage_seconds_count\\{[^}]*stage=\"stream\"[^}]*} [1-9]");
    }

    @Test
    @Order(2)
    void aLargePushNotMatchingItsDeclaredSha256IsRefusedByTheNodesAndNothingIsKept() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0500-o01135_v003-2012m0405t174311.he5";
        byte[] content = randomContent(2 * 1024 * 1024, 1135);
        byte[] declaredFor = content.clone();
        declaredFor[1_000_000] ^= 1;

        HttpResponse<String> refused = push(name, content, station, "Repr-Digest", "sha-256=:" + base64(digest("SHA-256", declaredFor)) + ":");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("content-mismatch").contains("nothing was kept");
        assertThat(granuleCount(name)).isZero();
        try (ArchiveClient client = archive.client()) {
            assertThat(client.holders(hex(digest("SHA-256", content)))).isEmpty();
            assertThat(client.holders(hex(digest("SHA-256", declaredFor)))).isEmpty();
        }
    }

    @Test
    @Order(2)
    void aPushBeyondTheMemoryThresholdWithNoChecksumIsSpooledArchivedAndTheSpoolEmptied() throws Exception {
        String name = "OMI-Aura_L2-OMCLDRR_2004m1001t0600-o01136_v003-2012m0405t174311.he5";
        byte[] content = randomContent(2 * 1024 * 1024 + 5, 1136);

        HttpResponse<String> pushed = push(name, content, station);

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        JsonNode granule = json.readTree(pushed.body());
        assertThat(granule.get("sha256").asString()).isEqualTo(hex(digest("SHA-256", content)));
        assertThat(granule.get("md5").asString()).isEqualTo(hex(digest("MD5", content)));
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/granules/" + granule.get("id").asLong()
                + "/content")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.body()).isEqualTo(content);
        try (var spooled = Files.list(home.resolve("spool"))) {
            assertThat(spooled).as("the spool file is gone once the push is answered").isEmpty();
        }
    }

    @Test
    @Order(2)
    void aChecksumMismatchIsRefusedAndNothingIsKept() throws Exception {
        String name = "OMI-Aura_L2-OMNO2_2004m1001t0142-o01133_v003-2012m0405t174311.he5";
        byte[] content = "nitrogen dioxide".getBytes();

        HttpResponse<String> refused = push(name, content, station, "Content-MD5", base64(digest("MD5", "something else".getBytes())));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("content-mismatch").contains("nothing was kept");
        assertThat(get("/granules?esdt=OMNO2").body()).doesNotContain(name);
        try (ArchiveClient client = archive.client()) {
            assertThat(client.holders(hex(digest("SHA-256", content)))).isEmpty();
        }
        try (var spooled = Files.list(home.resolve("spool"))) {
            assertThat(spooled).isEmpty();
        }
    }

    @Test
    @Order(3)
    void unparseableAndUnsafeNamesAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> unknown = push("OMI-Aura_L2-OMTO3_2004m1001t0003-o1_v003-2012m0405t174311.he5", "x".getBytes(), station);
        HttpResponse<String> tricky = push("evil%0Aname.he5", "x".getBytes(), station);

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("OMTO3");
        assertThat(tricky.statusCode()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void aRepeatedPushIs200AndConcurrentPushesMakeExactlyOneGranule() throws Exception {
        byte[] content = "aerosols over the Sahara".getBytes();
        String name = "OMI-Aura_L2-OMAERUV_2004m1001t0321-o01134_v003-2012m0405t174311.he5";

        var pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> pushes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pushes.add(pool.submit((Callable<HttpResponse<String>>) () -> push(name, content, station)));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> result : pushes) {
            statuses.add(result.get().statusCode());
        }
        pool.shutdown();
        HttpResponse<String> repeat = push(name, content, station);

        assertThat(statuses).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(granuleCount(name)).isEqualTo(1);
    }

    @Test
    @Order(8)
    void otherContentUnderAKnownNameFollowsTheDuplicatePolicy() throws Exception {
        String catalogue = """
                {"esdts":[{"shortName":"OMTEST","collectionVersion":3,"processingLevel":"2","description":"rejects duplicates",
                 "fileNamePattern":"OMTEST_{start:yyyy'm'MMdd't'HHmm}.he5","timeUnit":"ORBIT","duplicatePolicy":"REJECT"}]}""";
        HttpResponse<String> loaded = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/esdts"))
                .header("Authorization", "Bearer " + archive.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(catalogue)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);

        assertThat(push("OMTEST_2004m1001t0003.he5", "first".getBytes(), station).statusCode()).isEqualTo(201);
        HttpResponse<String> rejected = push("OMTEST_2004m1001t0003.he5", "second".getBytes(), station);
        assertThat(rejected.statusCode()).isEqualTo(409);
        assertThat(rejected.body()).contains("rejects duplicates");

        byte[] reprocessed = "reprocessed ozone".getBytes();
        assertThat(push(OMTO3, reprocessed, station).statusCode()).as("OMTO3 keeps new versions").isEqualTo(201);
        assertThat(granuleCount(OMTO3)).isEqualTo(2);

        String daily = "OMI-Aura_L3-OMTO3d_2004m1002_v003-2012m0405t174138.he5";
        long original = json.readTree(push(daily, "day two".getBytes(), station).body()).get("id").asLong();
        HttpResponse<String> replaced = push(daily, "day two, reprocessed".getBytes(), station);
        assertThat(replaced.statusCode()).as("OMTO3d replaces").isEqualTo(201);
        JsonNode replacement = json.readTree(replaced.body());
        assertThat(replacement.get("version").asInt()).isEqualTo(2);
        assertThat(ingest.getBean(JdbcClient.class).sql("SELECT state FROM granule WHERE file_name = ? ORDER BY version").param(daily)
                .query(String.class).list()).containsExactly("superseded", "archived");
        JsonNode event = json.readTree(ingest.getBean(JdbcClient.class).sql("SELECT payload::text FROM outbox_event WHERE granule_id = ?")
                .param(replacement.get("id").asLong()).query(String.class).single());
        assertThat(event.get("type").asString()).isEqualTo("granule-archived");
        assertThat(event.get("granule").get("id").asLong()).isEqualTo(replacement.get("id").asLong()).isNotEqualTo(original);
        assertThat(java.time.Instant.parse(event.get("granule").get("ingestedAt").asString()))
                .isEqualTo(java.time.Instant.parse(replacement.get("ingestedAt").asString()));
        assertThat(event.get("granule").get("sha256").asString()).isEqualTo(replacement.get("sha256").asString());
        assertThat(outboxEvents(original)).isEqualTo(1);
    }

    @Test
    @Order(5)
    void theJsonQueryFindsGranulesAndRefusesUnknownFieldsAndInjection() throws Exception {
        HttpResponse<String> found = post("/granules/query", """
                {"where": {"and": [{"field": "esdt", "op": "in", "value": ["OMTO3", "OMAERUV"]},
                                   {"field": "orbit", "op": "between", "value": [1130, 1134]},
                                   {"not": {"field": "state", "op": "eq", "value": "deleted"}}]},
                 "orderBy": [{"field": "orbit", "direction": "desc"}], "limit": 10}""", station);
        HttpResponse<String> unknown = post("/granules/query", "{\"where\": {\"field\": \"password\", \"op\": \"eq\", \"value\": \"x\"}}", station);
        HttpResponse<String> injected = post("/granules/query",
                "{\"where\": {\"field\": \"esdt\", \"op\": \"eq\", \"value\": \"OMTO3' OR '1'='1\"}}", station);

        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        JsonNode items = json.readTree(found.body()).get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("orbit").asInt()).isEqualTo(1134);
        assertThat(items.get(1).get("esdt").asString()).isEqualTo("OMTO3");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown field 'password'");
        assertThat(injected.statusCode()).isEqualTo(200);
        assertThat(json.readTree(injected.body()).get("items")).isEmpty();
        assertThat(granuleCount(OMTO3)).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aSubscriberThatIsDownReceivesTheEventWhenItComesBackAndOnlyForItsEsdts() throws Exception {
        int port = freePort();
        String scientist = token("scientist", "ozone team");
        HttpResponse<String> subscribed = post("/subscriptions",
                "{\"callbackUrl\":\"http://127.0.0.1:" + port + "/events\",\"esdts\":[\"OMDOAO3\"]}", scientist);
        assertThat(subscribed.statusCode()).isEqualTo(201);
        long subscription = json.readTree(subscribed.body()).get("id").asLong();

        HttpResponse<String> pushed = push("OMI-Aura_L2-OMDOAO3_2004m1001t0600-o01136_v003-2012m0405t174311.he5", "ozone, DOAS".getBytes(), station);
        push("OMI-Aura_L2-OMCLDRR_2004m1001t0600-o01136_v003-2012m0405t174311.he5", "clouds".getBytes(), station);
        long granule = json.readTree(pushed.body()).get("id").asLong();
        ArchiveNodes.await("failed attempts while the subscriber is down", java.time.Duration.ofSeconds(30),
                () -> attempts(subscription) >= 2);

        try (Subscriber subscriber = Subscriber.listen(port)) {
            ArchiveNodes.await("the event to arrive", java.time.Duration.ofSeconds(30), () -> !subscriber.received().isEmpty());
            Subscriber.Received event = subscriber.received().getFirst();
            assertThat(event.eventId()).isNotBlank();
            assertThat(json.readTree(event.body()).get("granule").get("id").asLong()).isEqualTo(granule);
            assertThat(json.readTree(event.body()).get("type").asString()).isEqualTo("granule-archived");
        }
        assertThat(ingest.getBean(JdbcClient.class).sql("SELECT count(*) FROM delivery WHERE subscription_id = ?").param(subscription)
                .query(Long.class).single()).as("only OMDOAO3 events for this subscription").isEqualTo(1);
    }

    @Test
    @Order(7)
    void aDeliveryThatKeepsFailingBecomesADeadLetterThatAnOperatorReplays() throws Exception {
        int port = freePort();
        String operator = token("operator", "night shift");
        post("/subscriptions", "{\"callbackUrl\":\"http://127.0.0.1:" + port + "/events\",\"esdts\":[\"OMTO3e\"]}", operator);
        push("OMI-Aura_L3-OMTO3e_2004m1001_v003-2012m0405t174311.he5", "gridded ozone".getBytes(), station);

        ArchiveNodes.await("a dead letter", java.time.Duration.ofSeconds(60), () -> {
            try {
                return get("/deliveries/dead", operator).body().contains("\"state\":\"dead\"");
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode dead = json.readTree(get("/deliveries/dead", operator).body()).get(0);
        assertThat(dead.get("attempts").asInt()).isEqualTo(5);
        assertThat(dead.get("lastError").asString()).isNotBlank();

        try (Subscriber subscriber = Subscriber.listen(port)) {
            assertThat(post("/deliveries/" + dead.get("id").asLong() + "/replay", "", operator).statusCode()).isEqualTo(200);
            ArchiveNodes.await("the replayed event", java.time.Duration.ofSeconds(30), () -> !subscriber.received().isEmpty());
            assertThat(subscriber.received().getFirst().body()).contains("OMTO3e");
        }
    }

    /**
     * Event ids are handed out as pushes insert, not as they commit: a push that took its id first
     * can commit after a later one, and the fan-out must not have moved past it meanwhile.
     */
    @Test
    @Order(8)
    void anEventCommittedAfterALaterOneIsStillDelivered() throws Exception {
        int port = freePort();
        try (Subscriber subscriber = Subscriber.listen(port)) {
            post("/subscriptions", "{\"callbackUrl\":\"http://127.0.0.1:" + port + "/events\",\"esdts\":[\"OML1BIRR\"]}",
                    token("scientist", "irradiance team"));
            long slowGranule;
            try (Connection slowPush = ingest.getBean(DataSource.class).getConnection()) {
                slowPush.setAutoCommit(false);
                JdbcClient inSlowPush = JdbcClient.create(new SingleConnectionDataSource(slowPush, true));
                slowGranule = OutboxRows.granuleOf(inSlowPush, OutboxRows.insertGranuleWithEvent(inSlowPush, "OML1BIRR",
                        "OMI-Aura_L1-OML1BIRR_2004m1001t1200-o01150_v003-2012m0405t174311.he4"));

                HttpResponse<String> pushed = push("OMI-Aura_L1-OML1BIRR_2004m1001t1342-o01151_v003-2012m0405t174311.he4",
                        "solar irradiance, orbit 1151".getBytes(), station);
                assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
                // The dispatcher polls every 200 ms: ten chances to move past the open push.
                awaitUpTo(java.time.Duration.ofSeconds(2), () -> !subscriber.received().isEmpty());
                slowPush.commit();
            }

            ArchiveNodes.await("both events", java.time.Duration.ofSeconds(30), () -> subscriber.received().size() >= 2);
            List<Long> announced = subscriber.received().stream()
                    .map(event -> json.readTree(event.body()).get("granule").get("id").asLong()).toList();
            assertThat(announced).hasSize(2).contains(slowGranule);
        }
    }

    private static void awaitUpTo(java.time.Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    @Order(10)
    void aPdrWithMd5ChecksumsCompletesIntoAPanWhateverTheOrderOfItsFiles() throws Exception {
        byte[] first = "orbit 1140 ozone".getBytes();
        byte[] second = "orbit 1141 ozone".getBytes();
        String firstName = "OMI-Aura_L2-OMTO3_2004m1001t1000-o01140_v003-2012m0405t174311.he5";
        String secondName = "OMI-Aura_L2-OMTO3_2004m1001t1139-o01141_v003-2012m0405t174311.he5";
        String pdr = pdr(2, fileSpec(firstName, first, "MD5"), fileSpec(secondName, second, "MD5"));

        HttpResponse<String> posted = postBytes("/pdrs/omi-2004-10-01a.PDR", pdr.getBytes(), station);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        long delivery = json.readTree(posted.body()).get("id").asLong();
        assertThat(get("/pdrs/" + delivery + "/pan").statusCode()).isEqualTo(409);
        assertThat(postBytes("/pdrs/omi-2004-10-01a.PDR", pdr.getBytes(), station).statusCode()).as("the same PDR again").isEqualTo(200);

        assertThat(push(secondName, second, station).statusCode()).isEqualTo(201);
        assertThat(push(firstName, first, station).statusCode()).isEqualTo(201);

        assertThat(get("/pdrs/" + delivery).body()).contains("\"state\":\"complete\"");
        HttpResponse<String> pan = get("/pdrs/" + delivery + "/pan");
        assertThat(pan.statusCode()).isEqualTo(200);
        assertThat(pan.body()).contains("MESSAGE_TYPE = SHORTPAN").contains("SUCCESSFUL");
    }

    @Test
    @Order(11)
    void aPdrDeclaringPosixCksumsHasItsFilesCksummedOnArrival() throws Exception {
        byte[] good = "The quick brown fox jumps over the lazy dog".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] bad = "orbit 1146 ozone".getBytes();
        String goodName = "OMI-Aura_L2-OMTO3_2004m1001t1815-o01145_v003-2012m0405t174311.he5";
        String badName = "OMI-Aura_L2-OMTO3_2004m1001t1954-o01146_v003-2012m0405t174311.he5";
        // 2074844392 is what `printf 'The quick brown fox jumps over the lazy dog' | cksum` prints.
        String pdr = pdr(2, fileSpec(goodName, good.length, "CKSUM", "2074844392"), fileSpec(badName, bad.length, "CKSUM", "12345"));
        long delivery = json.readTree(postBytes("/pdrs/omi-2004-10-01d.PDR", pdr.getBytes(), station).body()).get("id").asLong();

        assertThat(push(goodName, good, station).statusCode()).isEqualTo(201);
        assertThat(push(badName, bad, station).statusCode()).isEqualTo(422);

        assertThat(granuleCount(goodName)).isOne();
        assertThat(granuleCount(badName)).isZero();
        String pan = get("/pdrs/" + delivery + "/pan").body();
        assertThat(pan).contains("MESSAGE_TYPE = LONGPAN").containsPattern(goodName + "[^;]*;\\s*DISPOSITION = \"SUCCESSFUL\"")
                .containsPattern(badName + "[^;]*;\\s*DISPOSITION = \"CHECKSUM VERIFICATION FAILURE\"");
    }

    @Test
    @Order(12)
    void aFileNotMatchingItsPdrIsRefusedAndTheLongPanSaysSo() throws Exception {
        byte[] content = "orbit 1142 ozone".getBytes();
        String name = "OMI-Aura_L2-OMTO3_2004m1001t1318-o01142_v003-2012m0405t174311.he5";
        String pdr = pdr(1, fileSpec(name, "orbit 1142 OZONE".getBytes(), "MD5"));
        long delivery = json.readTree(postBytes("/pdrs/omi-2004-10-01b.PDR", pdr.getBytes(), station).body()).get("id").asLong();

        HttpResponse<String> refused = push(name, content, station);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(granuleCount(name)).isZero();
        String pan = get("/pdrs/" + delivery + "/pan").body();
        assertThat(pan).contains("MESSAGE_TYPE = LONGPAN").contains(name).contains("CHECKSUM VERIFICATION FAILURE");
    }

    @Test
    @Order(13)
    void aPdrWithAWrongFileCountIsAnsweredByAPdrdAndRecordsNothing() throws Exception {
        String name = "OMI-Aura_L2-OMTO3_2004m1001t1457-o01143_v003-2012m0405t174311.he5";
        String pdr = pdr(3, fileSpec(name, "x".getBytes(), "MD5"));

        HttpResponse<String> answer = postBytes("/pdrs/omi-2004-10-01c.PDR", pdr.getBytes(), station);

        assertThat(answer.statusCode()).isEqualTo(422);
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo("pdr-discrepancy");
        assertThat(problem.get("pdrd").asString()).contains("MESSAGE_TYPE = SHORTPDRD").contains("INVALID FILE COUNT");
        assertThat(ingest.getBean(JdbcClient.class).sql("SELECT count(*) FROM pdr_delivery WHERE pdr_name = 'omi-2004-10-01c.PDR'")
                .query(Long.class).single()).isZero();
    }

    @Test
    @Order(14)
    void anEdosPdrWithABinaryHeaderAndCarriageReturnsIsAccepted() throws Exception {
        byte[] edos = getClass().getResourceAsStream("/pdr/edos-ground-message-header.PDR").readAllBytes();

        HttpResponse<String> answer = postBytes("/pdrs/edos-2004275.PDR", edos, station);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(answer.body()).contains("P2041840AAAAAAAAAAAAAA04275021530001.PDS").contains("\"state\":\"open\"");
    }

    @Test
    @Order(15)
    void onlyThePlannersServiceTokenMaySayWhichProcessingJobMadeAFile() throws Exception {
        String name = "OMI-Aura_L2-OMTO3_2004m1001t2133-o01147_v003-2012m0405t174311.he5";
        byte[] content = "total column ozone, made by a processing job".getBytes();
        String sha256 = hex(digest("SHA-256", content));

        HttpResponse<String> byStation = push(name, content, station, "Granary-Producing-Job", "job-4711");

        assertThat(byStation.statusCode()).as(byStation.body()).isEqualTo(403);
        assertThat(byStation.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(byStation.body());
        assertThat(problem.get("code").asString()).isEqualTo("forbidden");
        assertThat(problem.get("detail").asString()).contains("Granary-Producing-Job").contains("planner");
        assertThat(granuleCount(name)).isZero();
        try (ArchiveClient client = archive.client()) {
            assertThat(client.holders(sha256)).as("nothing stored").isEmpty();
        }

        HttpResponse<String> byPlanner = push(name, content, token("service", "planner"), "Granary-Producing-Job", "job-4711");

        assertThat(byPlanner.statusCode()).as(byPlanner.body()).isEqualTo(201);
        JsonNode granule = json.readTree(get("/granules/" + json.readTree(byPlanner.body()).get("id").asLong()).body());
        assertThat(granule.get("producingJob").asString()).isEqualTo("job-4711");
        assertThat(granule.get("source").asString()).isEqualTo("planner");
    }

    @Test
    @Order(20)
    void withTheArchiveDownAPushIs503AndNothingIsRecorded() throws Exception {
        archive.kill("archive-1");
        archive.kill("archive-2");
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0500-o01135_v003-2012m0405t174311.he5";

        HttpResponse<String> refused = push(name, "sulfur dioxide".getBytes(), station);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("dependency-unavailable").contains("nothing was recorded");
        assertThat(granuleCount(name)).isZero();
    }

    private static byte[] randomContent(int length, long seed) {
        byte[] content = new byte[length];
        new java.util.Random(seed).nextBytes(content);
        return content;
    }

    private HttpResponse<String> push(String name, byte[] content, String token, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/files/" + name))
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String pdr(int declaredCount, String... fileSpecs) {
        return "ORIGINATING_SYSTEM = SVALBARD;\nTOTAL_FILE_COUNT = " + declaredCount + ";\nEXPIRATION_TIME = 2030-01-01T00:00:00Z;\n"
                + "OBJECT = FILE_GROUP;\n  DATA_TYPE = OMTO3;\n  DATA_VERSION = 3;\n  NODE_NAME = svalbard.example;\n"
                + "  BEGINNING_DATE/TIME = 2004-10-01T00:00:00Z;\n  ENDING_DATE/TIME = 2004-10-02T00:00:00Z;\n"
                + String.join("", fileSpecs) + "END_OBJECT = FILE_GROUP;\n";
    }

    private static String fileSpec(String name, byte[] content, String checksumType) throws Exception {
        return fileSpec(name, content.length, checksumType, hex(digest("MD5", content)));
    }

    private static String fileSpec(String name, long size, String checksumType, String checksumValue) {
        return "  OBJECT = FILE_SPEC;\n    DIRECTORY_ID = /outgoing;\n    FILE_ID = " + name + ";\n    FILE_TYPE = SCIENCE;\n"
                + "    FILE_SIZE = " + size + ";\n    FILE_CKSUM_TYPE = " + checksumType + ";\n"
                + "    FILE_CKSUM_VALUE = " + checksumValue + ";\n  END_OBJECT = FILE_SPEC;\n";
    }

    private HttpResponse<String> postBytes(String path, byte[] body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long attempts(long subscription) {
        return ingest.getBean(JdbcClient.class).sql("SELECT coalesce(max(attempts), 0) FROM delivery WHERE subscription_id = ?")
                .param(subscription).query(Long.class).single();
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String role, String label) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/tokens"))
                .header("Authorization", "Bearer " + archive.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\",\"label\":\"" + label + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(created.body()).get("token").asString();
    }

    private long granuleCount(String fileName) {
        return ingest.getBean(JdbcClient.class).sql("SELECT count(*) FROM granule WHERE file_name = ?").param(fileName).query(Long.class).single();
    }

    private long outboxEvents(long granuleId) {
        return ingest.getBean(JdbcClient.class).sql("SELECT count(*) FROM outbox_event WHERE granule_id = ?").param(granuleId).query(Long.class).single();
    }

    private static byte[] digest(String algorithm, byte[] content) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(content);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
