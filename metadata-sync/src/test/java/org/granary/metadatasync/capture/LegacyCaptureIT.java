package org.granary.metadatasync.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.granary.metadatasync.LegacyAndSyncDatabases;
import org.granary.metadatasync.legacy.LegacyDatabase;
import org.granary.metadatasync.record.CatalogState;
import org.granary.metadatasync.record.SyncRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Debezium's embedded engine on the legacy database: changes captured, its own writes skipped, the position kept. */
class LegacyCaptureIT {
    private static final AtomicInteger SLOTS = new AtomicInteger();
    private LegacyAndSyncDatabases databases;
    private String slot;
    private final List<LegacyChange> captured = new CopyOnWriteArrayList<>();

    @BeforeEach
    void databases() {
        databases = LegacyAndSyncDatabases.fresh("capture");
        slot = "capture_test_" + SLOTS.incrementAndGet();
    }

    @AfterEach
    void dropSlot() throws Exception {
        databases.dropSlot(slot);
    }

    @Test
    void capturesInsertsOverwritesQaChangesAndDeletesButNotItsOwnWritesAndResumesWhereItStopped() throws Exception {
        try (LegacyCapture capture = capture()) {
            awaitSlot(capture);
            databases.legacy(insert("A.he5") + "; " + insert("B.he5"));
            databases.legacy("UPDATE file_inventory SET md5_checksum = 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' WHERE file_name = 'A.he5'");
            databases.legacy("INSERT INTO file_qa VALUES ('B.he5', 'B', 'stripes', now())");
            databases.legacy("DELETE FROM file_inventory WHERE file_name = 'A.he5'");
            new LegacyDatabase(LegacyAndSyncDatabases.dataSource(databases.legacyUrl()), "http://ingest").write(List.of(
                    new CatalogState("C.he5", new SyncRecord("C.he5", "OMTO3", 3, Instant.parse("2004-10-01T00:00:00Z"), null, null, 1132,
                            10, "0123456789abcdef0123456789abcdef", null, "archived", null), 7L)));
            // D's transaction id as the capture gives it: 32 bits, which the wait for visibility (SyncApplier) relies on
            long transactionOfD = Long.parseLong(databases.legacyQuery("WITH inserted AS (" + insert("D.he5")
                    + " RETURNING 1) SELECT (txid_current() & 4294967295)::text FROM inserted").getFirst());

            await().atMost(Duration.ofSeconds(60)).until(() -> captured.stream().anyMatch(change -> change.fileName().equals("D.he5")));
            assertThat(captured.getLast().transactionId()).isEqualTo(transactionOfD);
        }
        assertThat(captured).extracting(LegacyChange::fileName)
                .as("the insert of A and B, A's overwrite, B's QA row, A's delete (its QA cascade has none), D: not C, metadata-sync's own")
                .containsExactly("A.he5", "B.he5", "A.he5", "B.he5", "A.he5", "D.he5");
        assertThat(databases.legacyQuery("SELECT count(*) FROM file_inventory WHERE file_name = 'C.he5'")).containsExactly("1");

        captured.clear();
        databases.legacy(insert("E.he5")); // while the capture is stopped
        try (LegacyCapture capture = capture()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !captured.isEmpty() || capture.lastError() != null);
            Thread.sleep(1000); // anything replayed from before the stop would come first
        }
        assertThat(captured).extracting(LegacyChange::fileName).as("resumed after D, with nothing before it again").containsExactly("E.he5");
    }

    private LegacyCapture capture() throws java.sql.SQLException {
        LegacyCapture capture = new LegacyCapture(new LegacyCapture.Settings(databases.legacyUrl(), databases.syncUrl(), slot,
                Duration.ofMillis(200)), captured::addAll);
        capture.start();
        return capture;
    }

    private void awaitSlot(LegacyCapture capture) {
        await().atMost(Duration.ofSeconds(60)).until(() -> capture.lastError() != null || !databases.legacyQuery(
                "SELECT slot_name FROM pg_replication_slots WHERE active AND slot_name = '" + slot + "'").isEmpty());
    }

    private static String insert(String fileName) {
        return "INSERT INTO file_inventory (file_name, esdt_code, start_time, file_size, md5_checksum, archive_path, status_code)"
                + " VALUES ('" + fileName + "', 'OMTO3.003', '2004-10-01 00:00:00', 100, '0123456789ABCDEF0123456789ABCDEF', '/archive/"
                + fileName + "', 'A')";
    }
}
