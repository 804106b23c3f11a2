package org.granary.metadatasync;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.granary.ingest.RunningIngest;
import org.granary.ingest.client.IngestClient;
import org.granary.metadatasync.apply.SyncApplier;
import org.granary.metadatasync.catalog.Catalogue;
import org.granary.metadatasync.catalog.IngestCatalogue;
import org.granary.metadatasync.record.SyncRecord;
import org.granary.platform.auth.ServiceName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sync between a real legacy database (captured by logical decoding) and a real ingest-service,
 * both ways: each test uses file names of its own (orbits), so they share one set-up.
 */
class SyncIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AtomicInteger ORBIT = new AtomicInteger(1000);
    @TempDir
    static Path home;
    private static RunningIngest ingest;
    private static LegacyAndSyncDatabases databases;
    private static RunningSync sync;

    @BeforeAll
    static void start() throws Exception {
        ingest = RunningIngest.start(home.resolve("ingest"), "sync_ingest", RunningSync.INGEST_SETTINGS);
        databases = LegacyAndSyncDatabases.fresh("sync");
        sync = RunningSync.start(ingest, databases, "sync_it", Map.of("granary.sync.conflict-window", "1h",
                "granary.sync.quarantine-retry-interval", "1s"));
        databases.awaitCapturing("sync_it"); // changes made before the slot exists are the initial load's, not the stream's
    }

    @AfterAll
    static void stop() throws Exception {
        sync.close();
        databases.dropSlot("sync_it");
        ingest.close();
    }

    @Test
    void aLegacyInsertOverwriteQaUpdateAndDeleteReachTheCatalogue() throws Exception {
        String name = fileName(ORBIT.incrementAndGet());
        databases.legacy(insert(name, "0123456789ABCDEF0123456789ABCDEF", 1000));
        awaitCatalogue("SELECT state || ' v' || version || ' ' || md5 || ' ' || size_bytes || ' ' || source FROM granule WHERE file_name = '"
                + name + "' ORDER BY version", "archived v1 0123456789abcdef0123456789abcdef 1000 legacy-sync");

        databases.legacy("UPDATE file_inventory SET md5_checksum = 'FEDCBA9876543210FEDCBA9876543210', file_size = 2000 WHERE file_name = '"
                + name + "'");
        awaitCatalogue("SELECT state || ' v' || version || ' ' || md5 || ' ' || size_bytes FROM granule WHERE file_name = '" + name
                + "' ORDER BY version", "superseded v1 0123456789abcdef0123456789abcdef 1000", "archived v2 fedcba9876543210fedcba9876543210 2000");

        databases.legacy("INSERT INTO file_qa VALUES ('" + name + "', 'B', 'stripes', now())");
        awaitCatalogue("SELECT coalesce(qa_flag, '-') FROM granule WHERE file_name = '" + name + "' AND version = 2", "bad");

        databases.legacy("DELETE FROM file_inventory WHERE file_name = '" + name + "'");
        awaitCatalogue("SELECT state FROM granule WHERE file_name = '" + name + "' AND version = 2", "deleted");
        assertThat(databases.legacyQuery("SELECT count(*) FROM file_inventory WHERE file_name = '" + name + "'"))
                .as("no echo: the catalogue's changes that came from the legacy side do not come back").containsExactly("0");
    }

    @Test
    void aCatalogueChangeReachesTheLegacyTablesAndDoesNotComeBack() throws Exception {
        String name = fileName(ORBIT.incrementAndGet());
        String station = ingest.token("station", "Svalbard");
        assertThat(ingest.push(name, "orbit granule".getBytes(StandardCharsets.UTF_8), station).statusCode()).isEqualTo(201);

        await().atMost(PATIENCE).until(() -> databases.legacyQuery("SELECT esdt_code || ' ' || status_code || ' ' || file_size || ' '"
                + " || lower(md5_checksum) || ' ' || archive_path FROM file_inventory WHERE file_name = '" + name + "'").size() == 1);
        String row = databases.legacyQuery("SELECT esdt_code || ' ' || status_code || ' ' || file_size || ' ' || archive_path"
                + " FROM file_inventory WHERE file_name = '" + name + "'").getFirst();
        assertThat(row).startsWith("OMTO3.003 A 13 " + ingest.url() + "/granules/").endsWith("/content");
        Thread.sleep(2000); // an echo would have come back by now
        assertThat(ingest.sql().sql("SELECT count(*) FROM granule WHERE file_name = ?").param(name).query(Long.class).single())
                .as("no echo: one granule, one version").isEqualTo(1L);
        assertThat(ingest.sql().sql("SELECT count(*) FROM outbox_event e JOIN granule g ON g.id = e.granule_id WHERE g.file_name = ?"
                + " AND e.origin = 'legacy'").param(name).query(Long.class).single()).isZero();
    }

    @Test
    void theLagTowardsTheLegacySideIsTheAgeOfTheOldestCatalogueChangeNotYetApplied() throws Exception {
        String operator = ingest.token("operator", "lag-watcher");
        await().atMost(PATIENCE).until(() -> catalogueToLegacy(operator).get("lagSeconds").asDouble() == 0.0);
        String name = fileName(ORBIT.incrementAndGet());
        try (Connection legacy = DriverManager.getConnection(databases.legacyUrl())) {
            // The legacy table held against writes: the catalogue's change is read from the feed but cannot be applied, so ingest's
            // feed is ahead. (SHARE: an ACCESS EXCLUSIVE lock takes a transaction id, which would hold ingest's feed back on this server.)
            legacy.setAutoCommit(false);
            legacy.createStatement().execute("LOCK TABLE file_inventory IN SHARE MODE");
            assertThat(ingest.push(name, "lagging granule".getBytes(StandardCharsets.UTF_8), ingest.token("station", "Kiruna"))
                    .statusCode()).isEqualTo(201);
            Instant made = ingest.sql().sql("SELECT e.created_at FROM outbox_event e JOIN granule g ON g.id = e.granule_id"
                    + " WHERE g.file_name = ?").param(name).query(OffsetDateTime.class).single().toInstant();

            await().atMost(PATIENCE).until(() -> catalogueToLegacy(operator).get("lagSeconds").asDouble() > 1.0);
            double lag = catalogueToLegacy(operator).get("lagSeconds").asDouble();
            assertThat(lag).as("measured from when ingest made the change").isLessThanOrEqualTo(
                    Duration.between(made, Instant.now()).toMillis() / 1000.0);
            legacy.rollback();
        }
        await().atMost(PATIENCE).until(() -> databases.legacyQuery("SELECT 1 FROM file_inventory WHERE file_name = '" + name + "'").size() == 1);
        await().atMost(PATIENCE).until(() -> catalogueToLegacy(operator).get("lagSeconds").asDouble() == 0.0);
    }

    private static JsonNode catalogueToLegacy(String token) throws Exception {
        HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sync.url() + "/sync/status")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(status.body()).get("catalogueToLegacy");
    }

    @Test
    void bothSidesChangingAFileWithinTheWindowIsAConflictTheLegacyValueWinsAndBothAreLogged() throws Exception {
        String name = fileName(ORBIT.incrementAndGet());
        databases.legacy(insert(name, "0123456789ABCDEF0123456789ABCDEF", 1000));
        awaitCatalogue("SELECT state FROM granule WHERE file_name = '" + name + "'", "archived");
        long id = ingest.sql().sql("SELECT id FROM granule WHERE file_name = ?").param(name).query(Long.class).single();

        String operator = ingest.token("operator", "data-manager");
        HttpResponse<String> corrected = ingest.send(ingest.request("/granules/" + id).header("Authorization", "Bearer " + operator)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"qaFlag\": \"good\"}")));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> !databases.syncQuery("SELECT winner FROM conflict WHERE file_name = '" + name + "'").isEmpty());
        assertThat(databases.syncQuery("SELECT winner || ' ' || coalesce(legacy_value->>'qaFlag', 'none') || ' '"
                + " || coalesce(catalog_value->>'qaFlag', 'none') FROM conflict WHERE file_name = '" + name + "'"))
                .as("the winner, the legacy value and the catalogue's, both kept").containsExactly("legacy none good");
        awaitCatalogue("SELECT coalesce(qa_flag, '-') FROM granule WHERE file_name = '" + name + "'", "-");
        assertThat(databases.legacyQuery("SELECT count(*) FROM file_qa WHERE file_name = '" + name + "'")).containsExactly("0");
    }

    @Test
    void aCatalogueChangeOfAGranuleWhoseBytesOurArchiveLacksGivesTheLegacyRowNoUrlOfOurs() throws Exception {
        String metadataOnly = fileName(ORBIT.incrementAndGet());
        String pushed = fileName(ORBIT.incrementAndGet());
        try (IngestClient client = new IngestClient(ingest.url(), Files.readString(ingest.archive().serviceTokenFile(ServiceName.METADATA_SYNC)).strip())) {
            checkContentUrls(new IngestCatalogue(client), metadataOnly, pushed);
        }
    }

    private static void checkContentUrls(IngestCatalogue catalogue, String metadataOnly, String pushed) throws Exception {
        // Catalogued as the sync catalogues a legacy row (metadata only, sha256 null), under the sync's own origin so that the
        // running sync does not send it back; the legacy tables never had it.
        SyncRecord record = new SyncRecord(metadataOnly, "OMTO3", 3, Instant.parse("2004-10-01T00:03:00Z"), Instant.parse("2004-10-01T01:42:00Z"),
                Instant.parse("2012-04-05T17:43:11Z"), 1000, 5000L, "0123456789abcdef0123456789abcdef", null, "archived", null);
        Long metadataOnlyId = catalogue.apply(SyncApplier.ORIGIN, List.of(new Catalogue.Write(metadataOnly, record))).getFirst().granuleId();
        assertThat(ingest.push(pushed, "bytes in our archive".getBytes(StandardCharsets.UTF_8), ingest.token("station", "Svalbard")).statusCode())
                .isEqualTo(201);
        long pushedId = ingest.sql().sql("SELECT id FROM granule WHERE file_name = ?").param(pushed).query(Long.class).single();

        String operator = ingest.token("operator", "data-manager");
        HttpResponse<String> corrected = ingest.send(ingest.request("/granules/" + metadataOnlyId).header("Authorization", "Bearer " + operator)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"qaFlag\": \"suspect\"}")));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> databases.legacyQuery("SELECT 1 FROM file_inventory WHERE file_name IN ('" + metadataOnly + "', '"
                + pushed + "')").size() == 2);
        assertThat(databases.legacyQuery("SELECT file_name || ' [' || archive_path || ']' FROM file_inventory WHERE file_name IN ('"
                + metadataOnly + "', '" + pushed + "') ORDER BY file_name"))
                .as("our content URL only for the file whose bytes our archive holds")
                .containsExactly(metadataOnly + " []", pushed + " [" + ingest.url() + "/granules/" + pushedId + "/content]");
        Map<String, Long> contentGranules = new java.util.HashMap<>();
        for (Catalogue.Change change : catalogue.changes(null, 5000).changes()) {
            contentGranules.put(change.state().fileName(), change.state().contentGranuleId());
        }
        assertThat(contentGranules).containsEntry(pushed, pushedId).containsEntry(metadataOnly, null);
    }

    @Test
    void anUnmappableRowIsQuarantinedWithItsReasonAndAppliedOnceItsTypeIsRegistered() throws Exception {
        String name = "NOSYNC_2004m1001.he5";
        databases.legacy("INSERT INTO file_inventory (file_name, esdt_code, start_time, file_size, md5_checksum, archive_path, status_code)"
                + " VALUES ('" + name + "', 'NOSYNC.001', '2004-10-01 00:00:00', 5, '0123456789ABCDEF0123456789ABCDEF', '/archive/x', 'A')");

        await().atMost(PATIENCE).until(() -> databases.syncQuery("SELECT reason FROM quarantine WHERE file_name = '" + name + "'").size() == 1);
        assertThat(databases.syncQuery("SELECT reason FROM quarantine WHERE file_name = '" + name + "'").getFirst()).contains("NOSYNC");

        String catalogue = """
                {"esdts": [{"shortName": "NOSYNC", "collectionVersion": 1, "processingLevel": "3", "description": "registered late",
                  "fileNamePattern": "NOSYNC_{start:yyyy'm'MMdd}.he5", "timeUnit": "DAY", "duplicatePolicy": "REPLACE"}]}""";
        assertThat(ingest.post("/esdts", catalogue, ingest.adminToken()).statusCode()).isBetween(200, 299);

        awaitCatalogue("SELECT state FROM granule WHERE file_name = '" + name + "'", "archived");
        await().atMost(PATIENCE).until(() -> databases.syncQuery("SELECT count(*) FROM quarantine WHERE file_name = '" + name + "'")
                .equals(List.of("0")));
    }

    private static void awaitCatalogue(String sql, String... rows) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(ingest.sql().sql(sql).query(String.class).list()).containsExactly(rows));
    }

    static String fileName(int orbit) {
        return "OMI-Aura_L2-OMTO3_2004m1001t0003-o%05d_v003-2012m0405t174311.he5".formatted(orbit);
    }

    static String insert(String fileName, String md5, long size) {
        return "INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, orbit_number, file_size, md5_checksum, cksum_value,"
                + " archive_path, status_code) VALUES ('" + fileName + "', 'OMTO3.003', '2004-10-01 00:03:00', '2004-10-01 01:42:00', "
                + fileName.substring(34, 39) + ", " + size + ", '" + md5 + "', 4711, '/archive/OMI/" + fileName + "', 'A')";
    }
}
