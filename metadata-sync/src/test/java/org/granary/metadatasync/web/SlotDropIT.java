package org.granary.metadatasync.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.granary.ingest.RunningIngest;
import org.granary.metadatasync.LegacyAndSyncDatabases;
import org.granary.metadatasync.RunningSync;
import org.granary.metadatasync.reconcile.SyncITNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code POST /sync/slot/drop} with the capture running between a real legacy database and a real ingest-service. */
class SlotDropIT {
    private static final String SLOT = "slot_drop_it";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    static Path home;
    private static RunningIngest ingest;
    private static LegacyAndSyncDatabases databases;
    private static RunningSync sync;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        ingest = RunningIngest.start(home.resolve("ingest"), "slot_drop_ingest", RunningSync.INGEST_SETTINGS);
        databases = LegacyAndSyncDatabases.fresh("slot_drop");
        sync = RunningSync.start(ingest, databases, SLOT, Map.of("granary.sync.reconcile-cron", "-"));
        databases.awaitCapturing(SLOT);
    }

    @AfterAll
    static void stop() throws Exception {
        sync.close();
        databases.dropSlot(SLOT);
        ingest.close();
    }

    @Test
    void stopsTheCaptureDropsTheSlotSoNoWalIsKeptAndSaysHowTheStreamRestarts() throws Exception {
        String before = SyncITNames.fileName(3001);
        databases.legacy(SyncITNames.insert(before, "0123456789ABCDEF0123456789ABCDEF", 1000));
        await().atMost(Duration.ofSeconds(60)).until(() -> ingest.sql().sql("SELECT count(*) FROM granule WHERE file_name = ?")
                .param(before).query(Long.class).single() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> databases.syncQuery("SELECT count(*) FROM capture_offset").equals(java.util.List.of("1")));

        assertThat(post(null).statusCode()).isEqualTo(401);
        for (String role : new String[] {"scientist", "station"}) {
            HttpResponse<String> refused = post(ingest.token(role, "not-an-operator"));
            assertThat(refused.statusCode()).as(role).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(slots()).containsExactly(SLOT);

        HttpResponse<String> dropped = post(ingest.token("operator", "data-manager"));

        assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(dropped.body());
        assertThat(body.get("slot").asString()).isEqualTo(SLOT);
        assertThat(body.get("captureStopped").asBoolean()).isTrue();
        assertThat(body.get("slotDropped").asBoolean()).isTrue();
        assertThat(body.get("restart").asString()).contains("new initial load", "reconcile", "repair");
        assertThat(slots()).as("the slot is gone").isEmpty();
        assertThat(databases.syncQuery("SELECT count(*) FROM capture_offset")).as("the position into WAL no longer kept").containsExactly("0");

        // More legacy changes and a new WAL segment: no slot holds any WAL for metadata-sync, and none comes back.
        databases.legacy(SyncITNames.insert(SyncITNames.fileName(3002), "0123456789ABCDEF0123456789ABCDE0", 2000));
        databases.legacy("SELECT pg_switch_wal()");
        assertThat(databases.legacyQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'")).containsExactly("0");
        JsonNode status = JSON.readTree(get("/sync/status", ingest.token("operator", "status")).body());
        JsonNode capture = status.get("legacyToCatalogue");
        assertThat(capture.get("slotExists").asBoolean()).isFalse();
        assertThat(capture.get("retainedWalBytes").isNull()).isTrue();
        assertThat(capture.get("warning").asString()).contains("stopped", "restarted");

        HttpResponse<String> again = post(ingest.adminToken());
        assertThat(again.statusCode()).as("an admin's token, and a second drop changes nothing").isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("slotDropped").asBoolean()).isFalse();
        assertThat(JSON.readTree(again.body()).get("captureStopped").asBoolean()).isFalse();
    }

    private static java.util.List<String> slots() throws Exception {
        return databases.legacyQuery("SELECT slot_name FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'");
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sync.url() + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sync.url() + "/sync/slot/drop")).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
