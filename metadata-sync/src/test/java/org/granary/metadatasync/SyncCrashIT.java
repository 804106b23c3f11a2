package org.granary.metadatasync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.granary.ingest.RunningIngest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * metadata-sync SIGKILLed, and ingest-service down, while the old applications keep writing: no
 * change is lost, none is applied twice.
 */
class SyncCrashIT {
    private static final String SLOT = "sync_crash";

    @TempDir
    Path home;

    @Test
    void killedUnderASteadyStreamItLosesNoneAndAppliesNoneTwiceAndIngestDownMakesChangesWait() throws Exception {
        LegacyAndSyncDatabases databases = LegacyAndSyncDatabases.fresh("sync_crash");
        try (RunningIngest ingest = RunningIngest.start(home.resolve("ingest"), "sync_crash_ingest", RunningSync.INGEST_SETTINGS);
                MetadataSyncProcess sync = new MetadataSyncProcess(ingest, databases, SLOT, home.resolve("sync"))) {
            sync.start();
            databases.awaitCapturing(SLOT);
            OldApplications old = new OldApplications(databases);
            Thread writer = Thread.ofPlatform().start(old);
            try {
                Thread.sleep(3000);
                sync.kill();
                Thread.sleep(2000);
                sync.start();
                Thread.sleep(2000);
                ingest.stopServing();
                Thread.sleep(3000);
                ingest.startServing();
                Thread.sleep(2000);
            } finally {
                old.stop.set(true);
                writer.join();
            }
            assertThat(old.inserted.get()).as("the old applications wrote through it all").isGreaterThan(100);

            String legacy = "SELECT file_name || ' ' || lower(md5_checksum) FROM file_inventory";
            String catalogue = "SELECT DISTINCT ON (file_name) file_name || ' ' || md5 FROM granule WHERE state <> 'deleted'"
                    + " ORDER BY file_name, version DESC";
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(new HashSet<>(ingest.sql().sql(catalogue).query(String.class).list()))
                    .as("every legacy file, with its newest content, is in the catalogue").isEqualTo(new HashSet<>(databases.legacyQuery(legacy))));
            assertThat(ingest.sql().sql("SELECT file_name || ' ' || md5 FROM granule GROUP BY file_name, md5 HAVING count(*) > 1")
                    .query(String.class).list()).as("no content applied twice as two versions").isEmpty();
            assertThat(ingest.sql().sql("SELECT count(DISTINCT file_name) FROM granule").query(Long.class).single())
                    .isEqualTo(old.inserted.get());
        } finally {
            databases.dropSlot(SLOT);
        }
    }

    /** Inserts a file every 20 ms, and overwrites an earlier one (a reprocessing) every fourth time. */
    private static final class OldApplications implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger inserted = new AtomicInteger();
        private final LegacyAndSyncDatabases databases;
        private final Set<String> names = new HashSet<>();

        OldApplications(LegacyAndSyncDatabases databases) {
            this.databases = databases;
        }

        @Override
        public void run() {
            int orbit = 20_000;
            while (!stop.get()) {
                try {
                    String name = SyncIT.fileName(++orbit);
                    databases.legacy(SyncIT.insert(name, md5(orbit), 1000));
                    names.add(name);
                    inserted.incrementAndGet();
                    if (orbit % 4 == 0) {
                        List<String> known = List.copyOf(names);
                        String overwritten = known.get(ThreadLocalRandom.current().nextInt(known.size()));
                        databases.legacy("UPDATE file_inventory SET md5_checksum = '" + md5(ThreadLocalRandom.current().nextInt())
                                + "', file_size = file_size + 1 WHERE file_name = '" + overwritten + "'");
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        private static String md5(int seed) {
            return String.format("%032X", (long) seed & 0xffffffffL);
        }
    }
}
