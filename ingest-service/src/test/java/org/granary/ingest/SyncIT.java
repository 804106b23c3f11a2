package org.granary.ingest;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.granary.ingest.client.CatalogueRow;
import org.granary.ingest.client.IngestClient;
import org.granary.ingest.client.IngestException;
import org.granary.ingest.client.RangeHash;
import org.granary.ingest.client.SyncFilter;
import org.granary.ingest.client.SyncRecord;
import org.granary.ingest.client.SyncResult;
import org.granary.ingest.event.OutboxRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.granary.ingest.RunningIngest.json;

/**
 * What metadata-sync uses (issue 24), on a real ingest with real PostgreSQL and HTTP: the bulk sync
 * and each of its outcomes with its events, who may call it, refused bodies, concurrent batches,
 * the change feed under concurrent commits, range hashes equal to the Java computation, PATCH and
 * DELETE. Each test uses orbits (file names) no other test uses, so they pass in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncIT {
    private static final Duration AWAIT = Duration.ofSeconds(60);

    @TempDir
    static Path home;
    private RunningIngest ingest;
    private String syncToken;

    @BeforeAll
    void start() throws Exception {
        ingest = RunningIngest.start(home, "sync_it");
        syncToken = ingest.token("service", "metadata-sync");
    }

    @AfterAll
    void stop() {
        ingest.close();
    }

    @Test
    void onlyMetadataSyncAndAdminsMayCallTheSyncEndpoints() throws Exception {
        String planner = ingest.token("service", "planner");
        String operator = ingest.token("operator", "night shift");
        String batch = "{\"origin\": \"legacy\", \"records\": []}";
        for (String path : List.of("/granules/sync", "/granules/sync/hashes", "/granules/sync/rows")) {
            assertThat(ingest.post(path, batch, null).statusCode()).as(path + " without a token").isEqualTo(401);
            assertThat(ingest.post(path, batch, planner).statusCode()).as(path + " with the planner's token").isEqualTo(403);
            assertThat(ingest.post(path, batch, operator).statusCode()).as(path + " with an operator's token").isEqualTo(403);
        }
        assertThat(ingest.get("/granules/changes", null).statusCode()).isEqualTo(401);
        assertThat(ingest.get("/granules/changes", planner).statusCode()).isEqualTo(403);
        assertThat(ingest.get("/granules/changes", syncToken).statusCode()).isEqualTo(200);
        assertThat(ingest.get("/granules/changes", ingest.adminToken()).statusCode()).isEqualTo(200);
        assertThat(ingest.post("/granules/sync", batch, syncToken).statusCode()).isEqualTo(200);
        assertThat(ingest.post("/granules/sync", batch, ingest.adminToken()).statusCode()).isEqualTo(200);
        String station = ingest.token("station", "Svalbard");
        assertThat(patch("/granules/1", "{\"qaFlag\": \"bad\"}", null).statusCode()).isEqualTo(401);
        assertThat(patch("/granules/1", "{\"qaFlag\": \"bad\"}", station).statusCode()).isEqualTo(403);
        assertThat(ingest.delete("/granules/1", station).statusCode()).isEqualTo(403);
        assertThat(ingest.delete("/granules/1", operator).statusCode()).isEqualTo(403);
    }

    @Test
    void malformedAndOversizedBatchesAreRefusedAndChangeNothing() throws Exception {
        long before = granules();

        HttpResponse<String> notJson = ingest.post("/granules/sync", "{\"origin\": \"legacy\", \"records\": [", syncToken);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
        assertThat(ingest.post("/granules/sync", "{\"records\": {}}", syncToken).statusCode()).isEqualTo(400);

        StringBuilder tooMany = new StringBuilder("{\"origin\": \"legacy\", \"records\": [");
        for (int i = 0; i < 10_001; i++) {
            tooMany.append(i == 0 ? "" : ",").append(record(name("OMTO3", 40_000 + i), 10, "good"));
        }
        HttpResponse<String> many = ingest.post("/granules/sync", tooMany.append("]}").toString(), syncToken);
        assertThat(many.statusCode()).as(many.body()).isEqualTo(413);

        String huge = "{\"origin\": \"legacy\", \"records\": [], \"padding\": \"" + "x".repeat(17 << 20) + "\"}";
        assertThat(ingest.postTooLarge("/granules/sync", huge, syncToken).statusCode()).isEqualTo(413);
        assertThat(ingest.post("/granules/sync/hashes", "{\"ranges\": [", syncToken).statusCode()).isEqualTo(400);
        assertThat(ingest.post("/granules/sync/rows", "{\"from\": 7}", syncToken).statusCode()).isEqualTo(400);
        String hugeRanges = "{\"ranges\": [{\"from\": \"" + "x".repeat(2 << 20) + "\", \"to\": null}]}";
        assertThat(ingest.postTooLarge("/granules/sync/hashes", hugeRanges, syncToken).statusCode()).isEqualTo(413);
        assertThat(ingest.postTooLarge("/granules/sync/rows", "{\"from\": \"" + "x".repeat(2 << 20) + "\"}", syncToken).statusCode()).isEqualTo(413);

        assertThat(granules()).isEqualTo(before);
    }

    @Test
    void eachOutcomeIsAppliedWithItsEventAndTheSameBatchAgainIsUnchanged() throws Exception {
        String first = name("OMTO3", 2001);
        String second = name("OMTO3", 2002);
        String unknown = "OMI-Aura_L2-OMXYZ_2005m0101t0000-o02003_v003-2012m0405t174311.he5";
        String mismatch = name("OMTO3", 2004);
        String batch = batch(record(first, 100, "good"), record(second, 200, null),
                record(unknown, 1, null).replace("\"OMTO3\"", "\"OMXYZ\""),
                record(mismatch, 1, null).replace("\"OMTO3\"", "\"OMNO2\""),
                record(name("OMTO3", 2005), 1, null).replace("\"md5\": \"", "\"md5\": \"zz"));

        JsonNode results = sync(batch);

        assertThat(outcomes(results)).containsExactly("inserted", "inserted", "rejected", "rejected", "rejected");
        assertThat(results.get(2).get("reason").asString()).isEqualTo("unknown-esdt");
        assertThat(results.get(3).get("reason").asString()).isEqualTo("name-mismatch");
        assertThat(results.get(4).get("reason").asString()).isEqualTo("invalid");
        long firstId = results.get(0).get("granuleId").asLong();
        JsonNode granule = json(ingest.get("/granules/" + firstId).body());
        assertThat(granule.get("source").asString()).isEqualTo("legacy-sync");
        assertThat(granule.get("sha256").isNull()).isTrue();
        assertThat(granule.get("cksum").asLong()).isEqualTo(4711);
        assertThat(granule.get("qaFlag").asString()).isEqualTo("good");
        assertThat(granule.get("startTime").asString()).isEqualTo("2005-01-01T00:00:00.123456Z");
        HttpResponse<byte[]> content = ingest.download("/granules/" + firstId + "/content");
        assertThat(content.statusCode()).isEqualTo(409);
        assertThat(new String(content.body(), StandardCharsets.UTF_8)).contains("catalogued from the legacy system");
        assertThat(granuleCount(unknown) + granuleCount(mismatch)).isZero();

        assertThat(outcomes(sync(batch))).as("the same batch again").containsExactly("unchanged", "unchanged", "rejected", "rejected", "rejected");

        JsonNode changed = sync(batch(record(first, 100, "bad"), record(second, 201, null), "{\"fileName\": \"" + name("OMTO3", 2006)
                + "\", \"deleted\": true}"));
        assertThat(outcomes(changed)).containsExactly("corrected", "new-version", "unchanged");
        assertThat(changed.get(0).get("granuleId").asLong()).isEqualTo(firstId);
        long secondOld = results.get(1).get("granuleId").asLong();
        long secondNew = changed.get(1).get("granuleId").asLong();
        assertThat(secondNew).isNotEqualTo(secondOld);
        assertThat(json(ingest.get("/granules/" + secondOld).body()).get("state").asString()).isEqualTo("superseded");
        assertThat(json(ingest.get("/granules/" + secondNew).body()).get("version").asInt()).isEqualTo(2);

        JsonNode deleted = sync(batch("{\"fileName\": \"" + first + "\", \"deleted\": true}"));
        assertThat(outcomes(deleted)).containsExactly("deleted");
        assertThat(outcomes(sync(batch("{\"fileName\": \"" + first + "\", \"deleted\": true}")))).containsExactly("unchanged");

        assertThat(events(firstId)).containsExactly("granule-archived legacy", "granule-corrected legacy", "granule-deleted legacy");
        assertThat(events(secondOld)).containsExactly("granule-archived legacy", "granule-superseded legacy");
        assertThat(events(secondNew)).containsExactly("granule-archived legacy");
        JsonNode payload = json(ingest.sql().sql("SELECT payload::text FROM outbox_event WHERE granule_id = ? AND event_type = 'granule-corrected'")
                .param(firstId).query(String.class).single());
        assertThat(payload.get("origin").asString()).isEqualTo("legacy");
        assertThat(payload.get("granule").get("qaFlag").asString()).isEqualTo("bad");
        assertThat(payload.get("granule").get("id").asLong()).isEqualTo(firstId);
    }

    @Test
    void aPushUnderReplaceWritesTheSupersededEvent() throws Exception {
        String station = ingest.token("station", "Svalbard");
        String older = "OMI-Aura_L3-OMTO3e_2005m0301_v003-2012m0405t174311.he5";
        String newer = "OMI-Aura_L3-OMTO3e_2005m0301_v003-2013m0405t174311.he5";
        long olderId = json(ingest.push(older, "day 1".getBytes(StandardCharsets.UTF_8), station).body()).get("id").asLong();
        assertThat(ingest.push(newer, "day 1 again".getBytes(StandardCharsets.UTF_8), station).statusCode()).isEqualTo(201);

        assertThat(events(olderId)).containsExactly("granule-archived null", "granule-superseded null");
        JsonNode payload = json(ingest.sql().sql("SELECT payload::text FROM outbox_event WHERE granule_id = ? AND event_type = 'granule-superseded'")
                .param(olderId).query(String.class).single());
        assertThat(payload.get("granule").get("state").asString()).isEqualTo("superseded");
        assertThat(payload.get("origin").isNull()).isTrue();
    }

    @Test
    void concurrentBatchesOnTheSameFileNamesMakeOneGranuleEach() throws Exception {
        List<String> records = new ArrayList<>();
        for (int orbit = 3000; orbit < 3050; orbit++) {
            records.add(record(name("OMTO3", orbit), orbit, null));
        }
        String batch = batch(records.toArray(String[]::new));
        List<Future<JsonNode>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                answers.add(threads.submit(() -> sync(batch)));
            }
        }
        int inserted = 0;
        for (Future<JsonNode> answer : answers) {
            inserted += (int) outcomes(answer.get()).stream().filter("inserted"::equals).count();
        }
        assertThat(inserted).isEqualTo(50);
        for (int orbit = 3000; orbit < 3050; orbit++) {
            assertThat(granuleCount(name("OMTO3", orbit))).as("granules of orbit " + orbit).isOne();
        }
    }

    @Test
    void eachEventOfTheFeedSaysWhenIngestMadeIt() throws Exception {
        String cursor = drainFeed(null);
        Instant before = Instant.now().minusSeconds(1);
        long granule = sync(batch(record(name("OMTO3", 4101), 1, null))).get(0).get("granuleId").asLong();
        Instant made = ingest.sql().sql("SELECT created_at FROM outbox_event WHERE granule_id = ?").param(granule)
                .query(java.time.OffsetDateTime.class).single().toInstant();

        JsonNode event = feed(cursor).get("events").get(0);

        assertThat(event.get("granule").get("id").asLong()).isEqualTo(granule);
        assertThat(Instant.parse(event.get("createdAt").asString())).as("the outbox row's time").isEqualTo(made)
                .isBetween(before, Instant.now());
    }

    @Test
    void theFeedMissesNoEventOfATransactionThatCommitsAfterALaterOne() throws Exception {
        String cursor = drainFeed(null);
        long held;
        try (Connection connection = ingest.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            JdbcClient inHeld = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            held = OutboxRows.insertGranuleWithEvent(inHeld, "OMTO3", "held-open-feed-test.he5");
            JsonNode later = sync(batch(record(name("OMTO3", 4001), 1, null)));
            long laterGranule = later.get(0).get("granuleId").asLong();
            long laterEvent = ingest.sql().sql("SELECT id FROM outbox_event WHERE granule_id = ?").param(laterGranule).query(Long.class).single();
            assertThat(laterEvent).isGreaterThan(held);

            JsonNode page = feed(cursor);
            assertThat(ids(page)).as("nothing passes a transaction still running").doesNotContain(held, laterEvent);
            cursor = page.get("next").asString();
            connection.commit();

            List<Long> seen = new ArrayList<>();
            Instant deadline = Instant.now().plus(AWAIT);
            while (!seen.contains(laterEvent)) {
                assertThat(Instant.now()).as("waiting for the feed").isBefore(deadline);
                JsonNode next = feed(cursor);
                seen.addAll(ids(next));
                cursor = next.get("next").asString();
                Thread.sleep(20);
            }
            assertThat(seen).contains(held);
            assertThat(seen.indexOf(held)).as("in commit order: the held transaction's id is older").isLessThan(seen.indexOf(laterEvent));
            assertThat(seen).doesNotHaveDuplicates();
        }
    }

    @Test
    void rangeHashesAreThoseJavaComputesFromTheRows() throws Exception {
        try (IngestClient client = new IngestClient(ingest.url(), syncToken)) {
            List<SyncRecord> sent = new ArrayList<>();
            for (int orbit = 5000; orbit < 5040; orbit++) {
                String fileName = name("OMSO2", orbit);
                sent.add(orbit % 3 == 0 ? new SyncRecord(fileName, false, "OMSO2", 3, null, null, null, null, 7L, "0123456789abcdef0123456789abcdef",
                        null, "superseded", null)
                        : new SyncRecord(fileName, false, "OMSO2", 3, Instant.parse("2005-01-01T00:00:00.000001Z").plusSeconds(orbit),
                        Instant.parse("2005-01-01T01:00:00Z").plusSeconds(orbit), Instant.parse("2012-04-05T17:43:11Z"), orbit,
                        (long) orbit * 1000, "fedcba9876543210fedcba9876543210", (long) orbit, "archived", orbit % 2 == 0 ? "good" : null));
            }
            List<SyncResult> results = client.sync("legacy", sent);
            assertThat(results).allSatisfy(result -> assertThat(result.outcome()).as(String.valueOf(result.detail())).isEqualTo("inserted"));

            SyncFilter omso2 = new SyncFilter("OMSO2", 3, null, null);
            List<CatalogueRow> catalogueRows = client.rows(null, null, omso2, 10_000);
            assertThat(catalogueRows).as("each row with the granule that holds it")
                    .extracting(row -> row.record().fileName() + " " + row.granuleId())
                    .containsExactlyInAnyOrderElementsOf(results.stream().map(result -> result.fileName() + " " + result.granuleId()).toList());
            assertThat(catalogueRows).as("granules catalogued from the legacy side: their bytes are not in this archive")
                    .noneMatch(CatalogueRow::contentInArchive);
            List<SyncRecord> rows = catalogueRows.stream().map(CatalogueRow::record).toList();
            assertThat(rows).hasSize(40);
            assertThat(rows.stream().map(SyncRecord::canonicalText).toList())
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(SyncRecord::canonicalText).toList());
            String middle = name("OMSO2", 5020);
            List<RangeHash> hashes = client.hashes(List.of(RangeHash.of(null, null), RangeHash.of(null, middle), RangeHash.of(middle, null)), omso2);

            assertThat(hashes.get(0).count()).isEqualTo(40);
            assertThat(hashes.get(0).hash()).isEqualTo(SyncRecord.rangeHash(rows)).isEqualTo(SyncRecord.rangeHash(sent));
            assertThat(hashes.get(1).count()).isEqualTo(20);
            assertThat(hashes.get(1).hash()).isEqualTo(SyncRecord.rangeHash(sent.subList(0, 20)));
            assertThat(hashes.get(2).hash()).isEqualTo(SyncRecord.rangeHash(sent.subList(20, 40)));
            assertThat(client.rows(middle, null, omso2, 5)).extracting(row -> row.record().fileName())
                    .containsExactlyElementsOf(sent.subList(20, 25).stream().map(SyncRecord::fileName).toList());

            client.sync("legacy", List.of(SyncRecord.deletion(name("OMSO2", 5000))));
            assertThat(client.hashes(List.of(RangeHash.of(null, null)), omso2).getFirst().count()).as("a deleted file is absent").isEqualTo(39);
        }
    }

    @Test
    void patchCorrectsAndDeleteDeletesWithTheirEvents() throws Exception {
        long id = sync(batch(record(name("OMTO3", 6001), 1, null))).get(0).get("granuleId").asLong();
        String operator = ingest.token("operator", "night shift");

        HttpResponse<String> corrected = patch("/granules/" + id, "{\"qaFlag\": \"suspect\", \"orbit\": 6002}", operator);
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
        assertThat(json(corrected.body()).get("qaFlag").asString()).isEqualTo("suspect");
        assertThat(json(corrected.body()).get("orbit").asInt()).isEqualTo(6002);
        assertThat(patch("/granules/" + id, "{\"colour\": \"red\"}", operator).statusCode()).isEqualTo(400);
        assertThat(patch("/granules/" + id, "{\"endTime\": \"1999-01-01T00:00:00Z\"}", operator).statusCode()).isEqualTo(400);
        assertThat(patch("/granules/999999999", "{\"qaFlag\": \"bad\"}", operator).statusCode()).isEqualTo(404);

        try (IngestClient client = new IngestClient(ingest.url(), syncToken)) {
            assertThat(client.delete(id).state()).isEqualTo("deleted");
            assertThatThrownBy(() -> client.delete(id)).isInstanceOfSatisfying(IngestException.class,
                    refused -> assertThat(refused.status()).isEqualTo(409));
        }
        assertThat(patch("/granules/" + id, "{\"qaFlag\": \"bad\"}", operator).statusCode()).isEqualTo(409);
        assertThat(events(id)).containsExactly("granule-archived legacy", "granule-corrected null", "granule-deleted null");
    }

    private static String name(String esdt, int orbit) {
        return "OMI-Aura_L2-" + esdt + "_2005m0101t0000-o%05d_v003-2012m0405t174311.he5".formatted(orbit);
    }

    private static String record(String fileName, long size, String qaFlag) {
        return """
                {"fileName": "%s", "esdt": "OMTO3", "collection": 3, "startTime": "2005-01-01T00:00:00.123456789Z",
                 "endTime": "2005-01-01T01:38:53Z", "productionTime": "2012-04-05T17:43:11Z", "orbit": 1, "sizeBytes": %d,
                 "md5": "0123456789ABCDEF0123456789abcdef", "cksum": 4711, "state": "archived", "qaFlag": %s}"""
                .formatted(fileName, size, qaFlag == null ? "null" : "\"" + qaFlag + "\"");
    }

    private static String batch(String... records) {
        return "{\"origin\": \"legacy\", \"records\": [" + String.join(",", records) + "]}";
    }

    private JsonNode sync(String batch) throws Exception {
        HttpResponse<String> answer = ingest.post("/granules/sync", batch, syncToken);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer.body()).get("results");
    }

    private static List<String> outcomes(JsonNode results) {
        List<String> outcomes = new ArrayList<>();
        results.forEach(result -> outcomes.add(result.get("outcome").asString()));
        return outcomes;
    }

    private List<String> events(long granuleId) {
        return ingest.sql().sql("SELECT event_type || ' ' || coalesce(origin, 'null') FROM outbox_event WHERE granule_id = ? ORDER BY id")
                .param(granuleId).query(String.class).list();
    }

    private long granules() {
        return ingest.sql().sql("SELECT count(*) FROM granule").query(Long.class).single();
    }

    private long granuleCount(String fileName) {
        return ingest.sql().sql("SELECT count(*) FROM granule WHERE file_name = ?").param(fileName).query(Long.class).single();
    }

    private JsonNode feed(String cursor) throws Exception {
        HttpResponse<String> answer = ingest.get("/granules/changes?limit=5000" + (cursor == null ? "" : "&after=" + cursor), syncToken);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer.body());
    }

    private String drainFeed(String cursor) throws Exception {
        while (true) {
            JsonNode page = feed(cursor);
            cursor = page.get("next").asString();
            if (page.get("events").isEmpty()) {
                return cursor;
            }
        }
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("events").forEach(event -> ids.add(event.get("id").asLong()));
        return ids;
    }

    private HttpResponse<String> patch(String path, String json, String token) throws Exception {
        HttpRequest.Builder request = ingest.request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return ingest.send(request);
    }
}
