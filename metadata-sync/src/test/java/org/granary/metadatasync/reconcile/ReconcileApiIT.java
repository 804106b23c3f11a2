package org.granary.metadatasync.reconcile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.granary.ingest.RunningIngest;
import org.granary.metadatasync.LegacyAndSyncDatabases;
import org.granary.metadatasync.RunningSync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reconciliation and repair through the API, between a real legacy database and a real
 * ingest-service with the sync running (its capture and feed as the watermark).
 */
class ReconcileApiIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    static Path home;
    private static RunningIngest ingest;
    private static LegacyAndSyncDatabases databases;
    private static RunningSync sync;
    private static HttpClient http;
    private static String operator;

    @BeforeAll
    static void start() throws Exception {
        ingest = RunningIngest.start(home.resolve("ingest"), "reconcile_api_ingest", RunningSync.INGEST_SETTINGS);
        databases = LegacyAndSyncDatabases.fresh("reconcile_api");
        sync = RunningSync.start(ingest, databases, "reconcile_api_it", Map.of("granary.sync.reconcile-cron", "-",
                "granary.sync.reconcile-recheck-wait", "60s", "granary.sync.reconcile-settle", "1s"));
        http = HttpClient.newHttpClient();
        operator = ingest.token("operator", "data-manager");
    }

    @AfterAll
    static void stop() throws Exception {
        sync.close();
        databases.dropSlot("reconcile_api_it");
        ingest.close();
    }

    @Test
    void refusesCallersWithoutAnOperatorTokenAndFiltersThatCannotBeUsed() throws Exception {
        assertThat(post("/sync/reconciliations", "{}", null).statusCode()).isEqualTo(401);
        assertThat(post("/sync/reconciliations", "{}", ingest.token("scientist", "reader")).statusCode()).isEqualTo(403);
        assertThat(post("/sync/reconciliations/1/repair?apply=true", "", null).statusCode()).isEqualTo(401);
        for (String filter : List.of("{\"startFrom\": \"yesterday\"}", "{\"esdt\": 3}", "{\"esdt\": \"OMTO3.003\"}", "{\"bogus\": 1}",
                "{\"startFrom\": \"2005-01-01T00:00:00Z\", \"startTo\": \"2004-01-01T00:00:00Z\"}", "[1]", "{\"collection\": \"three\"}")) {
            HttpResponse<String> refused = post("/sync/reconciliations", filter, operator);
            assertThat(refused.statusCode()).as(filter).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(get("/sync/reconciliations/987654").statusCode()).isEqualTo(404);
    }

    @Test
    void findsWhatDiffersShowsItAndARepairMakesTheNextReconciliationClean() throws Exception {
        String agreed = SyncITNames.fileName(2001);
        String changedInCatalogue = SyncITNames.fileName(2002);
        String neverSent = SyncITNames.fileName(2003);
        String lostOnLegacy = SyncITNames.fileName(2004);
        databases.legacy(SyncITNames.insert(agreed, "0123456789ABCDEF0123456789ABCDEF", 1000));
        databases.legacy(SyncITNames.insert(changedInCatalogue, "0123456789ABCDEF0123456789ABCDE0", 2000));
        assertThat(ingest.push(lostOnLegacy, "bytes in our archive".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ingest.token("station", "Svalbard")).statusCode()).isEqualTo(201);
        await().atMost(PATIENCE).until(() -> ingest.sql().sql("SELECT count(*) FROM granule WHERE file_name IN (?, ?)")
                .params(agreed, changedInCatalogue).query(Long.class).single() == 2
                && databases.legacyQuery("SELECT 1 FROM file_inventory WHERE file_name = '" + lostOnLegacy + "'").size() == 1);
        // Planted: a catalogue field changed behind the sync's back, and legacy changes the capture takes for the sync's own
        // (a row inserted, the row of a pushed file deleted).
        ingest.sql().sql("UPDATE granule SET orbit = 99999 WHERE file_name = ?").param(changedInCatalogue).update();
        databases.legacy("BEGIN; INSERT INTO granary_sync.applied_by_sync (txid) VALUES (txid_current()); "
                + SyncITNames.insert(neverSent, "0123456789ABCDEF0123456789ABCDE1", 3000) + "; COMMIT");
        databases.legacy("BEGIN; INSERT INTO granary_sync.applied_by_sync (txid) VALUES (txid_current()); "
                + "DELETE FROM file_inventory WHERE file_name = '" + lostOnLegacy + "'; COMMIT");
        long lostGranule = ingest.sql().sql("SELECT id FROM granule WHERE file_name = ?").param(lostOnLegacy).query(Long.class).single();

        JsonNode report = reconcile("{\"esdt\": \"OMTO3\"}");
        assertThat(report.get("counts").get("different").asLong()).isEqualTo(1);
        assertThat(report.get("counts").get("missingOnCatalogue").asLong()).isEqualTo(1);
        assertThat(report.get("counts").get("missingOnLegacy").asLong()).isEqualTo(1);
        assertThat(report.get("differences")).hasSize(3);
        JsonNode different = java.util.stream.StreamSupport.stream(report.get("differences").spliterator(), false)
                .filter(difference -> difference.get("fileName").asString().equals(changedInCatalogue)).findFirst().orElseThrow();
        assertThat(different.get("kind").asString()).isEqualTo("different");
        assertThat(different.get("fields").get(0).get("field").asString()).isEqualTo("orbit");
        assertThat(different.get("fields").get(0).get("legacy").asInt()).isEqualTo(2002);
        assertThat(different.get("fields").get(0).get("catalogue").asInt()).isEqualTo(99999);

        long id = report.get("id").asLong();
        HttpResponse<String> page = get("/sync/reconciliations/" + id + ".html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
        assertThat(page.body()).contains(changedInCatalogue, neverSent, "missing-on-catalogue", "99999").doesNotContain("<script");

        HttpResponse<String> dryRun = post("/sync/reconciliations/" + id + "/repair", "", operator);
        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(dryRun.body()).get("applied").asBoolean()).isFalse();
        assertThat(ingest.sql().sql("SELECT orbit FROM granule WHERE file_name = ?").param(changedInCatalogue).query(Integer.class).single())
                .as("a dry run changes nothing").isEqualTo(99999);

        HttpResponse<String> applied = post("/sync/reconciliations/" + id + "/repair?apply=true", "", operator);
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(applied.body()).get("actions").findValuesAsString("outcome")).containsOnly("applied");
        assertThat(databases.syncQuery("SELECT string_agg(file_name || ' ' || action || ' ' || repaired_by, ', ' ORDER BY file_name)"
                + " FROM repair_audit WHERE reconciliation_id = " + id))
                .containsExactly(changedInCatalogue + " legacy-to-catalogue data-manager, " + neverSent + " legacy-to-catalogue data-manager, "
                        + lostOnLegacy + " catalogue-to-legacy data-manager");
        assertThat(databases.legacyQuery("SELECT archive_path FROM file_inventory WHERE file_name = '" + lostOnLegacy + "'"))
                .as("a file written back to the legacy side says where the old applications fetch it")
                .containsExactly(ingest.url() + "/granules/" + lostGranule + "/content");

        JsonNode second = reconcile("{}");
        JsonNode latest = JSON.readTree(get("/sync/reconciliations?limit=2").body());
        assertThat(latest.get(0).get("id").asLong()).isEqualTo(second.get("id").asLong());
        assertThat(latest.get(1).get("id").asLong()).isEqualTo(id);
        assertThat(latest.get(1).get("counts").get("different").asLong()).isEqualTo(1);
        assertThat(second.get("differences")).as(second.toString()).isEmpty();
        assertThat(second.get("counts").get("legacyRows").asLong()).isEqualTo(second.get("counts").get("catalogueRows").asLong());
    }

    private static JsonNode reconcile(String filter) throws Exception {
        HttpResponse<String> started = post("/sync/reconciliations", filter, operator);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = JSON.readTree(started.body()).get("id").asLong();
        await().atMost(PATIENCE).until(() -> !JSON.readTree(get("/sync/reconciliations/" + id).body()).get("state").asString().equals("running"));
        JsonNode report = JSON.readTree(get("/sync/reconciliations/" + id).body());
        assertThat(report.get("state").asString()).as(report.toString()).isEqualTo("finished");
        return report;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sync.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sync.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
