package org.granary.ingest;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.granary.archive.client.ArchiveClient;
import org.granary.ingest.event.OutboxRows;
import org.granary.postgres.FreePorts;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.granary.ingest.RunningIngest.json;

/**
 * ingest-service on a real port with two real archive nodes (R = 2) and real PostgreSQL: pushes,
 * refusals, the JSON query, events and dead letters, PDRs, and the archive down. One ingest serves
 * the class, but each test makes what it needs (its tokens, files named as no other test names
 * them, ESDTs, subscriptions and subscribers) and asserts only on what it made, so the tests pass
 * in any order. Every wait is for a condition, with a deadline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestIT {
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final int MAX_ATTEMPTS = 5;

    @TempDir
    static Path home;
    private RunningIngest ingest;

    @BeforeAll
    void start() throws Exception {
        ingest = RunningIngest.start(home, "ingest_it", Map.of(
                "granary.ingest.events.max-attempts", String.valueOf(MAX_ATTEMPTS),
                "granary.ingest.events.max-backoff", "1s",
                "granary.ingest.events.poll-interval", "200ms",
                "granary.ingest.events.callback-allow-list", "127.0.0.1",
                "granary.ingest.stream-threshold-bytes", "1048576"));
    }

    @AfterAll
    void stop() {
        ingest.close();
    }

    @Test
    void anOmiFileIsArchivedWithTwoCopiesCataloguedFoundAndServed() throws Exception {
        String name = "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5";
        byte[] content = "total column ozone, orbit 1132".repeat(1000).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> pushed = ingest.push(name, content, station(), "Content-MD5", base64(digest("MD5", content)));

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        JsonNode granule = json(pushed.body());
        assertThat(granule.get("esdt").asString()).isEqualTo("OMTO3");
        assertThat(granule.get("orbit").asInt()).isEqualTo(1132);
        assertThat(granule.get("collection").asInt()).isEqualTo(3);
        assertThat(granule.get("startTime").asString()).isEqualTo("2004-10-01T00:03:00Z");
        assertThat(granule.get("endTime").asString()).as("one orbit after its start").isEqualTo("2004-10-01T01:41:53Z");
        assertThat(granule.get("productionTime").asString()).isEqualTo("2012-04-05T17:43:11Z");
        assertThat(granule.get("source").asString()).isEqualTo("Svalbard ground station");
        String sha256 = hex(digest("SHA-256", content));
        assertThat(granule.get("sha256").asString()).isEqualTo(sha256);
        try (ArchiveClient client = ingest.archive().client()) {
            assertThat(client.holders(sha256)).containsExactlyInAnyOrderElementsOf(RunningIngest.NODES);
        }
        assertThat(ingest.get("/granules?esdt=OMTO3&orbitFrom=1132&orbitTo=1132").body()).contains(name);
        assertThat(ingest.get("/granules?esdt=OMTO3&from=2004-10-01T00:00:00Z&to=2004-10-01T00:02:00Z").body()).doesNotContain(name);
        assertThat(ingest.get("/granules?esdt=OMTO3&from=2004-10-01T01:00:00Z&to=2004-10-01T01:10:00Z").body())
                .as("a window inside the orbit, after its start").contains(name);
        assertThat(ingest.get("/granules?esdt=OMTO3&from=2004-10-01T01:42:00Z&to=2004-10-01T02:00:00Z").body()).doesNotContain(name);
        long id = granule.get("id").asLong();
        assertThat(pushed.headers().firstValue("Location")).hasValue("/granules/" + id);
        assertThat(pushed.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ingest.download("/granules/" + id + "/content").body()).isEqualTo(content);
        HttpResponse<byte[]> range = ingest.download("/granules/" + id + "/content", "Range", "bytes=6-11");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(new String(range.body(), StandardCharsets.UTF_8)).isEqualTo("column");
        assertThat(outboxEvents(id)).isEqualTo(1);
        for (String node : RunningIngest.NODES) {
            assertThat(ingest.archive().body(node, "/audit/" + sha256)).as("written with ingest's own token, audited on " + node)
                    .contains("\"action\":\"write\"").contains("\"actor\":\"ingest-service\"")
                    .contains("ingest of " + name + " (pushed by Svalbard ground station) by ingest-service");
        }
    }

    @Test
    void aLargePushWithItsSha256DeclaredGoesStraightToTheArchiveNodes() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0321-o01134_v003-2012m0405t174311.he5";
        byte[] content = randomContent(3 * 1024 * 1024 + 17, 1134);
        String sha256 = hex(digest("SHA-256", content));
        double streamedBefore = streamedPushes();

        HttpResponse<String> pushed = ingest.push(name, content, station(), "Repr-Digest",
                "sha-256=:" + base64(digest("SHA-256", content)) + ":");

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        JsonNode granule = json(pushed.body());
        assertThat(granule.get("sha256").asString()).isEqualTo(sha256);
        assertThat(granule.get("md5").asString()).as("hashed on the way through").isEqualTo(hex(digest("MD5", content)));
        assertThat(granule.get("sizeBytes").asLong()).isEqualTo(content.length);
        try (ArchiveClient client = ingest.archive().client()) {
            assertThat(client.holders(sha256)).containsExactlyInAnyOrderElementsOf(RunningIngest.NODES);
        }
        assertThat(ingest.download("/granules/" + granule.get("id").asLong() + "/content").body()).isEqualTo(content);
        assertThat(streamedPushes()).as("passed through the stream stage, not the spool").isEqualTo(streamedBefore + 1);
    }

    @Test
    void aLargePushNotMatchingItsDeclaredSha256IsRefusedByTheNodesAndNothingIsKept() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0500-o01135_v003-2012m0405t174311.he5";
        byte[] content = randomContent(2 * 1024 * 1024, 1135);
        byte[] declaredFor = content.clone();
        declaredFor[1_000_000] ^= 1;

        HttpResponse<String> refused = ingest.push(name, content, station(), "Repr-Digest",
                "sha-256=:" + base64(digest("SHA-256", declaredFor)) + ":");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("content-mismatch").contains("nothing was kept");
        assertThat(granuleCount(name)).isZero();
        try (ArchiveClient client = ingest.archive().client()) {
            assertThat(client.holders(hex(digest("SHA-256", content)))).isEmpty();
            assertThat(client.holders(hex(digest("SHA-256", declaredFor)))).isEmpty();
        }
    }

    @Test
    void aPushBeyondTheMemoryThresholdWithNoChecksumIsSpooledArchivedAndTheSpoolEmptied() throws Exception {
        String name = "OMI-Aura_L2-OMCLDRR_2004m1001t0600-o01136_v003-2012m0405t174311.he5";
        byte[] content = randomContent(2 * 1024 * 1024 + 5, 1136);
        Set<Path> spooledBefore = spooled();

        HttpResponse<String> pushed = ingest.push(name, content, station());

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        JsonNode granule = json(pushed.body());
        assertThat(granule.get("sha256").asString()).isEqualTo(hex(digest("SHA-256", content)));
        assertThat(granule.get("md5").asString()).isEqualTo(hex(digest("MD5", content)));
        assertThat(ingest.download("/granules/" + granule.get("id").asLong() + "/content").body()).isEqualTo(content);
        assertThat(spooled()).as("the spool file is gone once the push is answered").isEqualTo(spooledBefore);
    }

    @Test
    void aChecksumMismatchIsRefusedAndNothingIsKept() throws Exception {
        String name = "OMI-Aura_L2-OMNO2_2004m1001t0142-o01133_v003-2012m0405t174311.he5";
        byte[] content = "nitrogen dioxide".getBytes(StandardCharsets.UTF_8);
        Set<Path> spooledBefore = spooled();

        HttpResponse<String> refused = ingest.push(name, content, station(), "Content-MD5",
                base64(digest("MD5", "something else".getBytes(StandardCharsets.UTF_8))));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("content-mismatch").contains("nothing was kept");
        assertThat(ingest.get("/granules?esdt=OMNO2&orbitFrom=1133&orbitTo=1133").body()).doesNotContain(name);
        assertThat(granuleCount(name)).isZero();
        try (ArchiveClient client = ingest.archive().client()) {
            assertThat(client.holders(hex(digest("SHA-256", content)))).isEmpty();
        }
        assertThat(spooled()).isEqualTo(spooledBefore);
    }

    @Test
    void unparseableAndUnsafeNamesAreRefusedWithTheReason() throws Exception {
        String unparseable = "OMI-Aura_L2-OMTO3_2004m1001t0003-o1_v003-2012m0405t174311.he5";
        String station = station();

        HttpResponse<String> unknown = ingest.push(unparseable, bytes("orbit of one digit"), station);
        HttpResponse<String> tricky = ingest.push("evil%0Aname.he5", bytes("a line break in the name"), station);

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(unknown.body()).get("code").asString()).isEqualTo("invalid-request");
        assertThat(unknown.body()).as("the pattern it failed").contains("OMTO3");
        assertThat(tricky.statusCode()).isEqualTo(400);
        assertThat(granuleCount(unparseable)).isZero();
        assertThat(granuleCount("evil\nname.he5")).isZero();
    }

    /**
     * Other content under the name of a granule whose ESDT replaces makes version 2 and supersedes
     * version 1, announced by a granule-superseded event; the event of version 2 carries the new granule. (How policies judge products, not
     * names, is {@link CatalogueIdentityIT}'s.)
     */
    @Test
    void otherContentUnderTheNameOfAReplacedGranuleSupersedesItAndItsEventCarriesTheNewGranule() throws Exception {
        String daily = "OMI-Aura_L3-OMTO3d_2004m1002_v003-2012m0405t174138.he5";
        String station = station();
        long original = json(ingest.push(daily, bytes("day two"), station).body()).get("id").asLong();

        HttpResponse<String> replaced = ingest.push(daily, bytes("day two, reprocessed"), station);

        assertThat(replaced.statusCode()).as("OMTO3d replaces").isEqualTo(201);
        JsonNode replacement = json(replaced.body());
        assertThat(replacement.get("version").asInt()).isEqualTo(2);
        assertThat(ingest.sql().sql("SELECT state FROM granule WHERE file_name = ? ORDER BY version").param(daily)
                .query(String.class).list()).containsExactly("superseded", "archived");
        JsonNode event = json(ingest.sql().sql("SELECT payload::text FROM outbox_event WHERE granule_id = ?")
                .param(replacement.get("id").asLong()).query(String.class).single());
        assertThat(event.get("type").asString()).isEqualTo("granule-archived");
        assertThat(event.get("granule").get("id").asLong()).isEqualTo(replacement.get("id").asLong()).isNotEqualTo(original);
        assertThat(Instant.parse(event.get("granule").get("ingestedAt").asString()))
                .isEqualTo(Instant.parse(replacement.get("ingestedAt").asString()));
        assertThat(event.get("granule").get("sha256").asString()).isEqualTo(replacement.get("sha256").asString());
        assertThat(ingest.sql().sql("SELECT event_type FROM outbox_event WHERE granule_id = ? ORDER BY id").param(original)
                .query(String.class).list()).as("superseding announces the older version's new state")
                .containsExactly("granule-archived", "granule-superseded");
    }

    @Test
    void theJsonQueryFindsGranulesAndRefusesUnknownFieldsAndInjection() throws Exception {
        String station = station();
        String ozone = "OMI-Aura_L2-OMTO3_2004m1003t0100-o01190_v003-2012m0405t174311.he5";
        String nitrogen = "OMI-Aura_L2-OMNO2_2004m1003t0239-o01191_v003-2012m0405t174311.he5";
        String aerosols = "OMI-Aura_L2-OMAERUV_2004m1003t0418-o01192_v003-2012m0405t174311.he5";
        String laterOzone = "OMI-Aura_L2-OMTO3_2004m1003t0914-o01195_v003-2012m0405t174311.he5";
        for (String name : List.of(ozone, nitrogen, aerosols, laterOzone)) {
            assertThat(ingest.push(name, bytes("query test: " + name), station).statusCode()).isEqualTo(201);
        }
        String ours = List.of(ozone, nitrogen, aerosols, laterOzone).stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(", "));

        HttpResponse<String> found = ingest.post("/granules/query", """
                {"where": {"and": [{"field": "fileName", "op": "in", "value": [%s]},
                                   {"field": "esdt", "op": "in", "value": ["OMTO3", "OMAERUV"]},
                                   {"field": "orbit", "op": "between", "value": [1190, 1194]},
                                   {"not": {"field": "state", "op": "eq", "value": "deleted"}}]},
                 "orderBy": [{"field": "orbit", "direction": "desc"}], "limit": 10}""".formatted(ours), station);
        HttpResponse<String> unknown = ingest.post("/granules/query", "{\"where\": {\"field\": \"password\", \"op\": \"eq\", \"value\": \"x\"}}",
                station);
        HttpResponse<String> injected = ingest.post("/granules/query",
                "{\"where\": {\"field\": \"esdt\", \"op\": \"eq\", \"value\": \"OMTO3' OR '1'='1\"}}", station);
        HttpResponse<String> destructive = ingest.post("/granules/query",
                "{\"where\": {\"field\": \"fileName\", \"op\": \"eq\", \"value\": \"x'; DELETE FROM granule; --\"}}", station);

        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(json(found.body()).get("items").valueStream().map(granule -> granule.get("fileName").asString()).toList())
                .as("OMTO3 and OMAERUV in orbits 1190 to 1194, newest orbit first").containsExactly(aerosols, ozone);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown field 'password'");
        assertThat(injected.statusCode()).isEqualTo(200);
        assertThat(json(injected.body()).get("items")).isEmpty();
        assertThat(destructive.statusCode()).isEqualTo(200);
        assertThat(json(destructive.body()).get("items")).isEmpty();
        for (String name : List.of(ozone, nitrogen, aerosols, laterOzone)) {
            assertThat(granuleCount(name)).as("still catalogued: " + name).isOne();
        }
    }

    @Test
    void aSubscriberThatIsDownReceivesTheEventWhenItComesBackAndOnlyForItsEsdts() throws Exception {
        loadEsdt("EVDOWN");
        loadEsdt("EVNOTSUB");
        String station = station();
        int port = FreePorts.outsideEphemeralRange();
        long subscription = subscribe("http://127.0.0.1:" + port + "/events", "EVDOWN", ingest.token("scientist", "ozone team"));

        long granule = granuleId(ingest.push("EVDOWN_2004m1001.he5", bytes("for the subscriber that is down"), station));
        granuleId(ingest.push("EVNOTSUB_2004m1001.he5", bytes("for nobody"), station));
        awaitTrue("failed attempts while the subscriber is down", () -> attempts(subscription) >= 2);

        try (Subscriber subscriber = Subscriber.listen(port)) {
            awaitTrue("the event once the subscriber is back", () -> !subscriber.received().isEmpty());
            Subscriber.Received event = subscriber.received().getFirst();
            assertThat(event.eventId()).isNotBlank();
            assertThat(event.granuleId()).isEqualTo(granule);
            assertThat(json(event.body()).get("type").asString()).isEqualTo("granule-archived");
        }
        assertThat(ingest.sql().sql("SELECT e.granule_id FROM delivery d JOIN outbox_event e ON e.id = d.event_id WHERE d.subscription_id = ?")
                .param(subscription).query(Long.class).list()).as("only EVDOWN's event for this subscription").containsExactly(granule);
    }

    @Test
    void aDeliveryThatKeepsFailingBecomesADeadLetterThatAnOperatorReplays() throws Exception {
        loadEsdt("EVDEAD");
        int port = FreePorts.outsideEphemeralRange();
        String operator = ingest.token("operator", "night shift");
        long subscription = subscribe("http://127.0.0.1:" + port + "/events", "EVDEAD", operator);
        long granule = granuleId(ingest.push("EVDEAD_2004m1001.he5", bytes("for a subscriber that never answers"), station()));

        JsonNode dead = awaitPresent("a dead letter of this subscription", () -> deadLetter(subscription, operator));

        assertThat(dead.get("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
        assertThat(dead.get("lastError").asString()).isNotBlank();
        long delivery = dead.get("id").asLong();
        try (Subscriber subscriber = Subscriber.listen(port)) {
            HttpResponse<String> replayed = ingest.post("/deliveries/" + delivery + "/replay", "", operator);
            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
            assertThat(json(replayed.body()).get("state").asString()).isEqualTo("pending");
            assertThat(json(replayed.body()).get("attempts").asInt()).as("counted afresh").isZero();

            awaitTrue("the replayed delivery delivered", () -> "delivered".equals(deliveryState(delivery)));
            assertThat(subscriber.received()).extracting(Subscriber.Received::granuleId).containsExactly(granule);
            assertThat(ingest.sql().sql("SELECT attempts FROM delivery WHERE id = ?").param(delivery).query(Integer.class).single()).isOne();
        }
    }

    /**
     * Event ids are handed out as pushes insert, not as they commit: a push that took its id first
     * can commit after a later one, and the fan-out must not move past it meanwhile. The test holds
     * the older push open, lets one whole fan-out pass run after the later push committed, checks
     * that nothing was fanned out past the open push, then commits it and awaits both events.
     */
    @Test
    void anEventCommittedAfterALaterOneIsStillDelivered() throws Exception {
        loadEsdt("EVORDER");
        try (Subscriber subscriber = Subscriber.listen(0)) {
            long subscription = subscribe(subscriber.url(), "EVORDER", ingest.token("scientist", "irradiance team"));
            long slowGranule;
            long laterGranule;
            try (Connection slowPush = ingest.dataSource().getConnection()) {
                slowPush.setAutoCommit(false);
                JdbcClient inSlowPush = JdbcClient.create(new SingleConnectionDataSource(slowPush, true));
                long slowEvent = OutboxRows.insertGranuleWithEvent(inSlowPush, "EVORDER", "EVORDER_2004m1001.he5");
                slowGranule = OutboxRows.granuleOf(inSlowPush, slowEvent);
                long slowTransaction = inSlowPush.sql("SELECT transaction_id FROM outbox_event WHERE id = ?").param(slowEvent)
                        .query(Long.class).single();
                laterGranule = granuleId(ingest.push("EVORDER_2004m1002.he5", bytes("committed first, numbered second"), station()));

                awaitAWholeFanOutPass();

                assertThat(deliveryCount(subscription)).as("nothing fanned out past the open push").isZero();
                assertThat(ingest.sql().sql("SELECT (last_transaction_id, last_event_id) < (?, ?) FROM outbox_cursor WHERE name = 'fan-out'")
                        .params(slowTransaction, slowEvent).query(Boolean.class).single())
                        .as("the cursor stays before the open push's event").isTrue();
                slowPush.commit();
            }

            List<Long> ours = List.of(slowGranule, laterGranule);
            awaitTrue("both events", () -> subscriber.receivedFor(ours).size() >= 2);
            assertThat(subscriber.receivedFor(ours)).extracting(Subscriber.Received::granuleId).containsExactlyInAnyOrderElementsOf(ours);
        }
    }

    /**
     * The server is shared (the embedded one holds every service's database): a transaction left
     * open in another database, such as a long patch of another service, cannot commit an event
     * here and must not hold ingest's events back while it runs.
     */
    @Test
    void aTransactionOpenInAnotherDatabaseOfTheServerDoesNotHoldEventsBack() throws Exception {
        loadEsdt("EVOTHERDB");
        try (Subscriber subscriber = Subscriber.listen(0);
                Connection elsewhere = java.sql.DriverManager.getConnection(TemporaryPostgres.freshDatabase("another_service"))) {
            subscribe(subscriber.url(), "EVOTHERDB", ingest.token("scientist", "irradiance team"));
            elsewhere.setAutoCommit(false);
            try (var statement = elsewhere.createStatement()) {
                statement.execute("CREATE TABLE long_patch(id int)");
                statement.execute("SELECT pg_current_xact_id()");
            }
            long granule = granuleId(ingest.push("EVOTHERDB_2004m1001.he5", bytes("while another database's patch runs"), station()));

            awaitTrue("the event, with the other database's transaction still open", () -> !subscriber.receivedFor(List.of(granule)).isEmpty());
            assertThat(elsewhere.isValid(1)).isTrue();
            elsewhere.rollback();
        }
    }

    @Test
    void aPdrWithMd5ChecksumsCompletesIntoAPanWhateverTheOrderOfItsFiles() throws Exception {
        byte[] first = bytes("orbit 1140 ozone");
        byte[] second = bytes("orbit 1141 ozone");
        String firstName = "OMI-Aura_L2-OMTO3_2004m1001t1000-o01140_v003-2012m0405t174311.he5";
        String secondName = "OMI-Aura_L2-OMTO3_2004m1001t1139-o01141_v003-2012m0405t174311.he5";
        String pdr = pdr(2, fileSpec(firstName, first, "MD5"), fileSpec(secondName, second, "MD5"));
        String station = station();

        HttpResponse<String> posted = ingest.postBytes("/pdrs/omi-2004-10-01a.PDR", bytes(pdr), station);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        long delivery = json(posted.body()).get("id").asLong();
        assertThat(ingest.get("/pdrs/" + delivery + "/pan").statusCode()).isEqualTo(409);
        assertThat(ingest.postBytes("/pdrs/omi-2004-10-01a.PDR", bytes(pdr), station).statusCode()).as("the same PDR again").isEqualTo(200);

        assertThat(ingest.push(secondName, second, station).statusCode()).isEqualTo(201);
        assertThat(ingest.push(firstName, first, station).statusCode()).isEqualTo(201);

        assertThat(json(ingest.get("/pdrs/" + delivery).body()).get("state").asString()).isEqualTo("complete");
        HttpResponse<String> pan = ingest.get("/pdrs/" + delivery + "/pan");
        assertThat(pan.statusCode()).isEqualTo(200);
        assertThat(pan.body()).contains("MESSAGE_TYPE = SHORTPAN").contains("SUCCESSFUL");
    }

    @Test
    void aPdrDeclaringPosixCksumsHasItsFilesCksummedOnArrivalAndTheCksumKept() throws Exception {
        byte[] good = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        byte[] bad = bytes("orbit 1146 ozone");
        String goodName = "OMI-Aura_L2-OMTO3_2004m1001t1815-o01145_v003-2012m0405t174311.he5";
        String badName = "OMI-Aura_L2-OMTO3_2004m1001t1954-o01146_v003-2012m0405t174311.he5";
        // 2074844392 is what `printf 'The quick brown fox jumps over the lazy dog' | cksum` prints.
        String pdr = pdr(2, fileSpec(goodName, good.length, "CKSUM", "2074844392"), fileSpec(badName, bad.length, "CKSUM", "12345"));
        String station = station();
        long delivery = json(ingest.postBytes("/pdrs/omi-2004-10-01d.PDR", bytes(pdr), station).body()).get("id").asLong();

        HttpResponse<String> pushed = ingest.push(goodName, good, station);
        assertThat(pushed.statusCode()).isEqualTo(201);
        assertThat(json(pushed.body()).get("cksum").asLong()).as("the cksum computed on arrival is kept").isEqualTo(2074844392L);
        assertThat(json(pushed.body()).get("qaFlag").isNull()).isTrue();
        assertThat(ingest.push(badName, bad, station).statusCode()).isEqualTo(422);

        assertThat(granuleCount(goodName)).isOne();
        assertThat(granuleCount(badName)).isZero();
        String pan = ingest.get("/pdrs/" + delivery + "/pan").body();
        assertThat(pan).contains("MESSAGE_TYPE = LONGPAN").containsPattern(goodName + "[^;]*;\\s*DISPOSITION = \"SUCCESSFUL\"")
                .containsPattern(badName + "[^;]*;\\s*DISPOSITION = \"CHECKSUM VERIFICATION FAILURE\"");
    }

    @Test
    void aFileNotMatchingItsPdrIsRefusedAndTheLongPanSaysSo() throws Exception {
        byte[] content = bytes("orbit 1142 ozone");
        String name = "OMI-Aura_L2-OMTO3_2004m1001t1318-o01142_v003-2012m0405t174311.he5";
        String pdr = pdr(1, fileSpec(name, bytes("orbit 1142 OZONE"), "MD5"));
        String station = station();
        long delivery = json(ingest.postBytes("/pdrs/omi-2004-10-01b.PDR", bytes(pdr), station).body()).get("id").asLong();

        HttpResponse<String> refused = ingest.push(name, content, station);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(granuleCount(name)).isZero();
        String pan = ingest.get("/pdrs/" + delivery + "/pan").body();
        assertThat(pan).contains("MESSAGE_TYPE = LONGPAN").contains(name).contains("CHECKSUM VERIFICATION FAILURE");
    }

    @Test
    void aPdrWithAWrongFileCountIsAnsweredByAPdrdAndRecordsNothing() throws Exception {
        String name = "OMI-Aura_L2-OMTO3_2004m1001t1457-o01143_v003-2012m0405t174311.he5";
        String pdr = pdr(3, fileSpec(name, bytes("x"), "MD5"));

        HttpResponse<String> answer = ingest.postBytes("/pdrs/omi-2004-10-01c.PDR", bytes(pdr), station());

        assertThat(answer.statusCode()).isEqualTo(422);
        JsonNode problem = json(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo("pdr-discrepancy");
        assertThat(problem.get("pdrd").asString()).contains("MESSAGE_TYPE = SHORTPDRD").contains("INVALID FILE COUNT");
        assertThat(ingest.sql().sql("SELECT count(*) FROM pdr_delivery WHERE pdr_name = 'omi-2004-10-01c.PDR'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anEdosPdrWithABinaryHeaderAndCarriageReturnsIsAccepted() throws Exception {
        byte[] edos;
        try (var resource = getClass().getResourceAsStream("/pdr/edos-ground-message-header.PDR")) {
            edos = resource.readAllBytes();
        }

        HttpResponse<String> answer = ingest.postBytes("/pdrs/edos-2004275.PDR", edos, station());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(answer.body()).contains("P2041840AAAAAAAAAAAAAA04275021530001.PDS").contains("\"state\":\"open\"");
    }

    @Test
    void onlyThePlannersServiceTokenMaySayWhichProcessingJobMadeAFile() throws Exception {
        String name = "OMI-Aura_L2-OMTO3_2004m1001t2133-o01147_v003-2012m0405t174311.he5";
        byte[] content = bytes("total column ozone, made by a processing job");
        String sha256 = hex(digest("SHA-256", content));

        HttpResponse<String> byStation = ingest.push(name, content, station(), "Granary-Producing-Job", "job-4711");

        assertThat(byStation.statusCode()).as(byStation.body()).isEqualTo(403);
        assertThat(byStation.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(byStation.body());
        assertThat(problem.get("code").asString()).isEqualTo("forbidden");
        assertThat(problem.get("detail").asString()).contains("Granary-Producing-Job").contains("planner");
        assertThat(granuleCount(name)).isZero();
        try (ArchiveClient client = ingest.archive().client()) {
            assertThat(client.holders(sha256)).as("nothing stored").isEmpty();
        }

        HttpResponse<String> byPlanner = ingest.push(name, content, ingest.token("service", "planner"), "Granary-Producing-Job", "job-4711");

        assertThat(byPlanner.statusCode()).as(byPlanner.body()).isEqualTo(201);
        JsonNode granule = json(ingest.get("/granules/" + granuleId(byPlanner)).body());
        assertThat(granule.get("producingJob").asString()).isEqualTo("job-4711");
        assertThat(granule.get("source").asString()).isEqualTo("planner");
    }

    /** Both nodes are killed and started again within the test, so that the tests after it find the archive whole. */
    @Test
    void withTheArchiveDownAPushIs503AndNothingIsRecordedAndOnceItIsBackThePushSucceeds() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0639-o01137_v003-2012m0405t174311.he5";
        byte[] content = bytes("sulfur dioxide, orbit 1137");
        String station = station();
        HttpResponse<String> refused;
        for (String node : RunningIngest.NODES) {
            ingest.archive().kill(node);
        }
        try {
            refused = ingest.push(name, content, station);
        } finally {
            for (String node : RunningIngest.NODES) {
                ingest.archive().start(node, RunningIngest.NODES);
            }
        }

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.body()).contains("dependency-unavailable").contains("nothing was recorded");
        assertThat(granuleCount(name)).isZero();
        HttpResponse<String> again = ingest.push(name, content, station);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(granuleCount(name)).isOne();
    }

    /** A station's token of the test's own, labelled as the granules' source. */
    private String station() throws Exception {
        return ingest.token("station", "Svalbard ground station");
    }

    /** Loads an ESDT that only the calling test pushes, so that its subscription hears no other test's granules. */
    private void loadEsdt(String shortName) throws Exception {
        String catalogue = """
                {"esdts": [{"shortName": "%1$s", "collectionVersion": 3, "processingLevel": "3", "description": "%1$s, one test's own",
                  "fileNamePattern": "%1$s_{start:yyyy'm'MMdd}.he5", "timeUnit": "DAY", "duplicatePolicy": "REJECT"}]}""".formatted(shortName);
        HttpResponse<String> loaded = ingest.post("/esdts", catalogue, ingest.adminToken());
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
    }

    private long subscribe(String callbackUrl, String esdt, String token) throws Exception {
        HttpResponse<String> subscribed = ingest.post("/subscriptions", "{\"callbackUrl\":\"" + callbackUrl + "\",\"esdts\":[\"" + esdt + "\"]}",
                token);
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        return json(subscribed.body()).get("id").asLong();
    }

    /**
     * Holds the fan-out cursor's row lock until a fan-out pass waits for it, lets that pass go, and
     * returns once its transaction has ended: a whole pass that began after the call, seen in
     * PostgreSQL rather than guessed from the poll interval.
     */
    private void awaitAWholeFanOutPass() throws Exception {
        record Pass(int pid, String transactionStart) {
        }
        Pass pass;
        try (Connection cursorHolder = ingest.dataSource().getConnection()) {
            cursorHolder.setAutoCommit(false);
            JdbcClient holding = JdbcClient.create(new SingleConnectionDataSource(cursorHolder, true));
            holding.sql("SELECT name FROM outbox_cursor WHERE name = 'fan-out' FOR UPDATE").query(String.class).single();
            int holder = holding.sql("SELECT pg_backend_pid()").query(Integer.class).single();
            pass = awaitPresent("a fan-out pass waiting for the cursor", () -> ingest.sql()
                    .sql("SELECT pid, xact_start::text FROM pg_stat_activity WHERE ?::int = ANY(pg_blocking_pids(pid))").param(holder)
                    .query((row, number) -> new Pass(row.getInt(1), row.getString(2))).optional());
            cursorHolder.commit();
        }
        awaitTrue("the fan-out pass to end", () -> !pass.transactionStart().equals(ingest.sql()
                .sql("SELECT coalesce(xact_start::text, '') FROM pg_stat_activity WHERE pid = ?").param(pass.pid())
                .query(String.class).optional().orElse("")));
    }

    private Optional<JsonNode> deadLetter(long subscription, String operator) throws Exception {
        HttpResponse<String> letters = ingest.get("/deliveries/dead?limit=1000", operator);
        assertThat(letters.statusCode()).as(letters.body()).isEqualTo(200);
        return json(letters.body()).valueStream().filter(letter -> letter.get("subscriptionId").asLong() == subscription).findFirst();
    }

    private long attempts(long subscription) {
        return ingest.sql().sql("SELECT coalesce(max(attempts), 0) FROM delivery WHERE subscription_id = ?")
                .param(subscription).query(Long.class).single();
    }

    private long deliveryCount(long subscription) {
        return ingest.sql().sql("SELECT count(*) FROM delivery WHERE subscription_id = ?").param(subscription).query(Long.class).single();
    }

    private String deliveryState(long delivery) {
        return ingest.sql().sql("SELECT state FROM delivery WHERE id = ?").param(delivery).query(String.class).single();
    }

    private long granuleCount(String fileName) {
        return ingest.sql().sql("SELECT count(*) FROM granule WHERE file_name = ?").param(fileName).query(Long.class).single();
    }

    private long outboxEvents(long granuleId) {
        return ingest.sql().sql("SELECT count(*) FROM outbox_event WHERE granule_id = ?").param(granuleId).query(Long.class).single();
    }

    /** How many pushes went through the stream stage so far, from the service's metrics. */
    private double streamedPushes() throws Exception {
        return ingest.get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("granary_ingest_push_stage_seconds_count{") && line.contains("stage=\"stream\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private Set<Path> spooled() throws Exception {
        try (var files = Files.list(ingest.spool())) {
            return files.collect(Collectors.toSet());
        }
    }

    private static long granuleId(HttpResponse<String> pushed) {
        assertThat(pushed.statusCode()).as(pushed.body()).isIn(200, 201);
        return json(pushed.body()).get("id").asLong();
    }

    /** Waits until {@code condition} holds; fails the test if it does not within {@link #AWAIT}. */
    private static void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
        awaitPresent(what, () -> condition.call() ? Optional.of(true) : Optional.empty());
    }

    /** Waits until {@code probe} finds a value and returns it; fails the test if it finds none within {@link #AWAIT}. */
    private static <T> T awaitPresent(String what, Callable<Optional<T>> probe) throws Exception {
        Instant deadline = Instant.now().plus(AWAIT);
        while (true) {
            Optional<T> found = probe.call();
            if (found.isPresent()) {
                return found.get();
            }
            assertThat(Instant.now()).as("still waiting for " + what).isBefore(deadline);
            Thread.sleep(50);
        }
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


    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomContent(int length, long seed) {
        byte[] content = new byte[length];
        new Random(seed).nextBytes(content);
        return content;
    }

    private static byte[] digest(String algorithm, byte[] content) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(content);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
