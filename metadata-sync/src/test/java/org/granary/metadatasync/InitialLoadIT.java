package org.granary.metadatasync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.granary.ingest.RunningIngest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The initial load of a legacy database that had rows before metadata-sync ever ran: copied in
 * chunks while the old applications keep writing before and after its cursor, metadata-sync
 * SIGKILLed half-way and resumed from its last chunk; at the end the catalogue holds exactly the
 * legacy files, each once, with its newest content, and the unmappable rows are in the quarantine.
 */
class InitialLoadIT {
    private static final String SLOT = "initial_load_it";
    private static final int FILES = 20_000;
    private static final int CHUNK = 500;
    private static final int UNMAPPABLE = 3;

    @TempDir
    Path home;

    @Test
    void aLoadKilledHalfWayResumesAndTheStreamTakesOverWithoutAGapOrADouble() throws Exception {
        LegacyAndSyncDatabases databases = LegacyAndSyncDatabases.fresh("initial_load");
        databases.legacy("""
                INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, orbit_number, file_size, md5_checksum, cksum_value,
                                            archive_path, status_code, update_time)
                SELECT %s, 'OMTO3.003', '2005-01-01 00:03:00', '2005-01-01 01:42:00', g, 1000 + g, upper(md5(g::text)), 4711,
                       '/archive/OMI/' || g, 'A', '2012-04-05 17:43:11'
                FROM generate_series(1, %d) g""".formatted(name("2005m0101", "g"), FILES));
        databases.legacy("INSERT INTO file_qa (file_name, qa_flag, qa_time) SELECT file_name, 'G', '2012-04-06 00:00:00' FROM file_inventory"
                + " WHERE orbit_number % 7 = 0");
        databases.legacy("""
                INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, orbit_number, file_size, md5_checksum, cksum_value,
                                            archive_path, status_code)
                SELECT %s, 'OMXYZ.003', '2005-01-01 00:03:00', '2005-01-01 01:42:00', g, 1, upper(md5(g::text)), 1, '/archive/x', 'A'
                FROM generate_series(1, %d) g""".formatted(name("2005m0102", "g"), UNMAPPABLE));
        databases.legacy("ANALYZE file_inventory");

        try (RunningIngest ingest = RunningIngest.start(home.resolve("ingest"), "initial_load_ingest", RunningSync.INGEST_SETTINGS);
                MetadataSyncProcess sync = new MetadataSyncProcess(ingest, databases, SLOT, home.resolve("sync"),
                        Map.of("GRANARY_SYNC_LOAD_CHUNK", String.valueOf(CHUNK)))) {
            sync.start();
            OldApplications old = new OldApplications(databases);
            Thread writer = Thread.ofPlatform().start(old);
            long loadedAtKill;
            try {
                await().atMost(Duration.ofMinutes(2)).until(() -> loaded(databases) >= FILES / 4);
                sync.kill();
                loadedAtKill = loaded(databases);
                assertThat(databases.syncQuery("SELECT finished_at IS NULL FROM initial_load")).as("killed during the load").containsExactly("t");
                Thread.sleep(1000);
                sync.start();
                await().atMost(Duration.ofMinutes(3)).until(() -> databases.syncQuery("SELECT finished_at IS NOT NULL FROM initial_load")
                        .equals(List.of("t")));
                Thread.sleep(1000); // the old applications keep writing a little after the load ended: the stream alone carries that
            } finally {
                old.stop.set(true);
                writer.join();
            }
            assertThat(old.changes.get()).as("the old applications wrote throughout").isGreaterThan(50);
            assertThat(databases.syncQuery("SELECT count(*) FROM initial_load")).as("one load, resumed, not begun again").containsExactly("1");
            long loadedAtEnd = loaded(databases);
            assertThat(loadedAtEnd).as("resumed after the last chunk saved (re-applying at most the chunk in flight), not from the start")
                    .isGreaterThanOrEqualTo(FILES).isLessThan(loadedAtKill + FILES + old.inserted.get() - FILES / 8);

            String legacy = "SELECT file_name || ' ' || lower(md5_checksum) || ' ' || coalesce(q.qa_flag, '-') FROM file_inventory f"
                    + " LEFT JOIN file_qa q USING (file_name) WHERE esdt_code <> 'OMXYZ.003'";
            // A file's newest version, unless that one is deleted (an older, superseded version of a deleted file is history, not a file).
            String catalogue = """
                    SELECT file_name || ' ' || md5 || ' ' ||
                           coalesce(CASE qa_flag WHEN 'good' THEN 'G' WHEN 'suspect' THEN 'S' WHEN 'bad' THEN 'B' WHEN 'unchecked' THEN 'U' END, '-')
                    FROM (SELECT DISTINCT ON (file_name) * FROM granule ORDER BY file_name, version DESC) newest
                    WHERE state <> 'deleted'""";
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                Set<String> inCatalogue = new HashSet<>(ingest.sql().sql(catalogue).query(String.class).list());
                Set<String> inLegacy = new HashSet<>(databases.legacyQuery(legacy));
                assertThat(onlyIn(inLegacy, inCatalogue)).as("legacy files (name, md5, QA) the catalogue does not have so").isEmpty();
                assertThat(onlyIn(inCatalogue, inLegacy)).as("catalogue files (name, md5, QA) the legacy table does not have so").isEmpty();
            });
            assertThat(ingest.sql().sql("SELECT file_name || ' ' || md5 FROM granule GROUP BY file_name, md5 HAVING count(*) > 1")
                    .query(String.class).list()).as("no content applied twice as two versions").isEmpty();
            assertThat(databases.syncQuery("SELECT count(*) FROM quarantine")).as("the unmappable rows, kept with their reason")
                    .containsExactly(String.valueOf(UNMAPPABLE));
        } finally {
            databases.dropSlot(SLOT);
        }
    }

    private static Set<String> onlyIn(Set<String> these, Set<String> notThose) {
        Set<String> only = new TreeSet<>(these);
        only.removeAll(notThose);
        return only;
    }

    private static long loaded(LegacyAndSyncDatabases databases) throws Exception {
        List<String> rows = databases.syncQuery("SELECT rows_loaded FROM initial_load");
        return rows.isEmpty() ? 0 : Long.parseLong(rows.getFirst());
    }

    /** An OMTO3 file name of the day ({@code yyyy'm'MMdd}) and orbit; {@code orbit} is SQL (a column or a literal). */
    private static String name(String day, String orbit) {
        return "'OMI-Aura_L2-OMTO3_" + day + "t0003-o' || lpad((" + orbit + ")::text, 5, '0') || '_v003-2012m0405t174311.he5'";
    }

    /**
     * Every 10 ms one of: a new file sorting before every loaded one (behind the load's cursor), a
     * new file sorting after them all, a reprocessing overwrite of a loaded file, a QA update, a
     * delete; those on loaded files fall before and after the cursor alike.
     */
    private static final class OldApplications implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger changes = new AtomicInteger();
        final AtomicInteger inserted = new AtomicInteger();
        private final LegacyAndSyncDatabases databases;
        private final Random random = new Random(24);

        OldApplications(LegacyAndSyncDatabases databases) {
            this.databases = databases;
        }

        @Override
        public void run() {
            int next = 0;
            while (!stop.get()) {
                try {
                    int orbit = 1 + random.nextInt(FILES);
                    String loaded = name("2005m0101", String.valueOf(orbit));
                    switch (next++ % 5) {
                        case 0 -> insert("2004m0101", "2004-01-01", inserted.incrementAndGet());
                        case 1 -> insert("2006m0101", "2006-01-01", inserted.incrementAndGet());
                        case 2 -> databases.legacy("UPDATE file_inventory SET md5_checksum = upper(md5(random()::text)), file_size = file_size + 1,"
                                + " update_time = now() AT TIME ZONE 'UTC' WHERE file_name = " + loaded);
                        case 3 -> databases.legacy("INSERT INTO file_qa (file_name, qa_flag, qa_time) SELECT file_name, 'B', now() AT TIME ZONE 'UTC'"
                                + " FROM file_inventory WHERE file_name = " + loaded
                                + " ON CONFLICT (file_name) DO UPDATE SET qa_flag = 'B', qa_time = excluded.qa_time");
                        default -> databases.legacy("DELETE FROM file_inventory WHERE file_name = " + loaded);
                    }
                    changes.incrementAndGet();
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        private void insert(String day, String date, int orbit) throws Exception {
            databases.legacy("""
                    INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, orbit_number, file_size, md5_checksum, cksum_value,
                                                archive_path, status_code)
                    VALUES (%s, 'OMTO3.003', '%s 00:03:00', '%s 01:42:00', %d, 7, upper(md5('%d')), 1, '/archive/new', 'A')"""
                    .formatted(name(day, String.valueOf(orbit)), date, date, orbit, orbit));
        }
    }
}
