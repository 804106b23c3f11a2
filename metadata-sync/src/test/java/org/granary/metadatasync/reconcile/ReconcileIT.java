package org.granary.metadatasync.reconcile;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.granary.metadatasync.LegacyAndSyncDatabases;
import org.granary.metadatasync.apply.ConflictPolicy;
import org.granary.metadatasync.apply.SyncApplier;
import org.granary.metadatasync.apply.SyncCounters;
import org.granary.metadatasync.apply.SyncStore;
import org.granary.metadatasync.legacy.LegacyDatabase;
import org.granary.metadatasync.legacy.LegacyMapping;
import org.granary.metadatasync.legacy.LegacyRow;
import org.granary.metadatasync.record.CatalogState;
import org.granary.metadatasync.record.SyncRecord;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciliation between the legacy database and a second legacy-shaped database playing the
 * catalogue, both through {@link LegacyRangeSide}, on a million rows with planted differences of
 * every kind, and the repair through the sync's apply path.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconcileIT {
    private static final int ROWS = 1_000_000;
    private static LegacyAndSyncDatabases databases;
    private static String otherUrl;
    private static LegacyRangeSide legacy;
    private static LegacyRangeSide other;
    private static ReconciliationStore store;

    @BeforeAll
    static void fill() throws Exception {
        databases = LegacyAndSyncDatabases.fresh("reconcile");
        otherUrl = TemporaryPostgres.freshDatabase("reconcile_other");
        SchemaPatcher.apply(LegacyAndSyncDatabases.dataSource(otherUrl), PatchSet.fromClasspath("legacy", "db/legacy/patches/legacy",
                ReconcileIT.class.getClassLoader()), SchemaPatcher.Options.defaults());
        for (String url : List.of(databases.legacyUrl(), otherUrl)) {
            sql(url, """
                    INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, production_time, orbit_number, file_size,
                                                md5_checksum, cksum_value, archive_path, status_code, update_time)
                    SELECT name(i), 'OMTO3.003', start(i), start(i) + interval '99 seconds', start(i) + interval '1 day',
                           CASE WHEN i %% 97 = 0 THEN NULL ELSE i / 14 END, 1000000 + i, upper(md5(i::text)),
                           CASE WHEN i %% 89 = 0 THEN NULL ELSE (i::bigint * 7919) %% 4294967296 END, '/archive/' || i,
                           CASE WHEN i %% 50 = 0 THEN 'S' ELSE 'A' END, timestamp '2020-01-01'
                    FROM generate_series(1, %d) i""".formatted(ROWS));
            sql(url, "INSERT INTO file_qa SELECT name(i), (ARRAY['G', 'S', 'B', 'U'])[i %% 4 + 1], 'checked', now() FROM generate_series(7, %d, 7) i"
                    .formatted(ROWS));
            sql(url, "ANALYZE file_inventory");
        }
        legacy = new LegacyRangeSide(LegacyAndSyncDatabases.dataSource(databases.legacyUrl()));
        other = new LegacyRangeSide(LegacyAndSyncDatabases.dataSource(otherUrl));
        store = new ReconciliationStore(LegacyAndSyncDatabases.dataSource(databases.syncUrl()), JsonMapper.builder().build());
        plant();
    }

    /** The planted differences (the other side plays the catalogue) and changes that are no difference. */
    private static void plant() throws SQLException {
        // Missing on the catalogue: 10 rows deleted there.
        sql(otherUrl, "DELETE FROM file_inventory WHERE file_name IN (" + names(100_003, 90_001) + ")");
        // Missing on the legacy side: 10 rows only the catalogue has, between existing names.
        sql(otherUrl, """
                INSERT INTO file_inventory (file_name, esdt_code, start_time, file_size, md5_checksum, archive_path, status_code)
                SELECT name(i) || 'b', 'OMTO3.003', start(i), 5, md5(i::text), '/new/' || i, 'A' FROM generate_series(50_005, 950_005, 100_000) i""");
        // Different: one field each.
        sql(otherUrl, "UPDATE file_inventory SET md5_checksum = upper(md5('other')) WHERE file_name = name(200_001)");
        sql(otherUrl, "UPDATE file_inventory SET start_time = start_time + interval '1 microsecond' WHERE file_name = name(300_001)");
        sql(otherUrl, "UPDATE file_inventory SET orbit_number = NULL WHERE file_name = name(400_001)");
        sql(otherUrl, "UPDATE file_inventory SET status_code = 'S' WHERE file_name = name(500_001)");
        sql(otherUrl, "UPDATE file_qa SET qa_flag = 'B' WHERE file_name = name(600_005)"); // 600_005 % 7 = 0, G before
        sql(otherUrl, "DELETE FROM file_qa WHERE file_name = name(700_007)");
        sql(otherUrl, "UPDATE file_inventory SET esdt_code = 'OMTO3.004' WHERE file_name = name(800_001)");
        sql(otherUrl, "UPDATE file_inventory SET file_size = file_size + 1, cksum_value = 1 WHERE file_name = name(900_001)");
        // Unmappable on the legacy side: one the catalogue has, one it has not.
        sql(databases.legacyUrl(), "UPDATE file_inventory SET esdt_code = 'OMTO3' WHERE file_name = name(123_457)");
        sql(databases.legacyUrl(), "UPDATE file_inventory SET md5_checksum = 'not hex' WHERE file_name = name(654_321)");
        sql(otherUrl, "DELETE FROM file_inventory WHERE file_name = name(654_321)");
        // No difference: what has no canonical counterpart, and md5 case.
        sql(otherUrl, "UPDATE file_inventory SET md5_checksum = lower(md5_checksum), archive_path = '/moved', insert_time = now()"
                + " WHERE file_name IN (" + names(10_001, 1) + ")");
        sql(otherUrl, "UPDATE file_qa SET qa_comment = 'rechecked', qa_time = now() WHERE file_name = name(14)");
        sql(otherUrl, "INSERT INTO file_lineage VALUES (name(15), 'input.he5')");
    }

    @Test
    @Order(1)
    void hashesInSqlWhatJavaHashesOfTheSameRows() throws SQLException {
        KeyRange range = new KeyRange(name(1), name(20_001));
        List<SideRecord> rows = legacy.rows(range, RangeFilter.NONE, 100_000);
        assertThat(rows).hasSize(20_000).allMatch(row -> row.record() != null);
        BigInteger javaSum = rows.stream().map(row -> BigInteger.valueOf(row.record().rangeHashTerm())).reduce(BigInteger.ZERO, BigInteger::add);
        RangeHash sqlHash = legacy.hashes(List.of(range), RangeFilter.NONE).getFirst();
        assertThat(sqlHash.count()).isEqualTo(20_000);
        assertThat(sqlHash.hash()).isEqualTo(javaSum);

        // The SQL mapping is the sync's Java mapping (LegacyMapping) of the same rows, field by field.
        Map<String, LegacyRow> read = new LegacyDatabase(LegacyAndSyncDatabases.dataSource(databases.legacyUrl()), "http://x")
                .read(rows.stream().map(SideRecord::fileName).limit(2000).toList());
        for (SideRecord row : rows.subList(0, 2000)) {
            assertThat(LegacyMapping.toRecord(read.get(row.fileName()))).isEqualTo(new LegacyMapping.Mapped.Mappable(row.record()));
        }
    }

    @Test
    @Order(2)
    void unmappableRowsAreHashedAndListedWithTheirReason() {
        KeyRange range = new KeyRange(name(123_400), name(123_500));
        RangeHash hash = legacy.hashes(List.of(range), RangeFilter.NONE).getFirst();
        assertThat(hash.count()).isEqualTo(100);
        assertThat(hash.agrees(other.hashes(List.of(range), RangeFilter.NONE).getFirst())).isFalse();
        SideRecord unmappable = legacy.rows(new KeyRange(name(123_457), null), RangeFilter.NONE, 1).getFirst();
        assertThat(unmappable.record()).isNull();
        assertThat(unmappable.unmappable()).contains("esdt_code 'OMTO3'");
    }

    @Test
    @Order(3)
    void findsExactlyThePlantedDifferencesOnAMillionRows() {
        Reconciler reconciler = new Reconciler(legacy, legacy, other, Reconciler.Settings.DEFAULTS);
        Reconciler.Outcome outcome = reconciler.compare(RangeFilter.NONE);

        assertThat(outcome.legacyRows()).isEqualTo(ROWS);
        assertThat(outcome.catalogueRows()).isEqualTo(ROWS - 10 - 1 + 10);
        assertThat(summary(outcome.differences())).isEqualTo(expectedDifferences());
        assertThat(outcome.rowsFetched()).as("only small ranges are read row by row").isLessThan(100_000);
    }

    @Test
    @Order(4)
    void filtersByEsdtAndStartTime() {
        Reconciler reconciler = new Reconciler(legacy, legacy, other, Reconciler.Settings.DEFAULTS);
        Instant from = start(190_000);
        Instant to = start(410_000);
        Reconciler.Outcome outcome = reconciler.compare(new RangeFilter("OMTO3", 3, from, to));
        assertThat(summary(outcome.differences())).containsOnlyKeys(name(200_001), name(300_001), name(400_001), name(250_005) + "b",
                name(350_005) + "b", name(190_004), name(280_005), name(370_006));
        assertThat(reconciler.compare(new RangeFilter("OMTO2", null, null, null)).differences()).isEmpty();
    }

    @Test
    @Order(5)
    void aRowChangedDuringTheReconciliationIsReCheckedOnceTheStreamPassedItNotReported() throws Exception {
        // A row of a differing range changes on the legacy side while the ranges are being hashed; the
        // "stream" (here: copying the legacy row to the other side) has applied it when the watermark passes.
        String changing = name(200_002);
        AtomicBoolean changed = new AtomicBoolean();
        RangeSide catalogueWhileLegacyChanges = new RangeSide() {
            @Override
            public List<RangeHash> hashes(List<KeyRange> ranges, RangeFilter filter) {
                if (changed.compareAndSet(false, true)) {
                    sqlUnchecked(databases.legacyUrl(), "UPDATE file_inventory SET orbit_number = 7, update_time = now() AT TIME ZONE 'UTC'"
                            + " WHERE file_name = '" + changing + "'");
                }
                return other.hashes(ranges, filter);
            }

            @Override
            public List<SideRecord> rows(KeyRange range, RangeFilter filter, int limit) {
                return other.rows(range, filter, limit);
            }
        };
        Reconciler reconciler = new Reconciler(legacy, legacy, catalogueWhileLegacyChanges, Reconciler.Settings.DEFAULTS);
        StreamWatermark stream = new StreamWatermark() {
            @Override
            public Mark mark() {
                Instant now = Instant.now();
                return new Mark(0, now, now);
            }

            @Override
            public boolean passed(Mark mark) {
                copyToOther(changing);
                return true;
            }
        };
        Recheck recheck = new Recheck(reconciler, stream, Recheck.RecentChanges.none(), new Recheck.Settings(Duration.ofSeconds(5),
                Duration.ofSeconds(1), 3));
        long id = new ReconciliationService(reconciler, recheck, store).run("api", "test", RangeFilter.NONE);

        Report report = store.report(id, null, 1000).orElseThrow();
        assertThat(report.state()).isEqualTo("finished");
        assertThat(report.differences()).extracting(Report.Entry::fileName).doesNotContain(changing)
                .containsExactlyInAnyOrderElementsOf(expectedDifferences().keySet());
        assertThat(report.counts().unsettled()).isZero();
    }

    @Test
    @Order(6)
    void aRowStillChangingWhenReCheckedIsUnsettledNotReported() throws Exception {
        Reconciler reconciler = new Reconciler(legacy, legacy, other, Reconciler.Settings.DEFAULTS);
        sql(databases.legacyUrl(), "UPDATE file_inventory SET update_time = (now() AT TIME ZONE 'UTC') + interval '1 hour' WHERE file_name = name(300_001)");
        try {
            Recheck.Result result = new Recheck(reconciler, StreamWatermark.none(), Recheck.RecentChanges.none(),
                    new Recheck.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 2)).settle(reconciler.compare(RangeFilter.NONE).differences(),
                    RangeFilter.NONE);
            assertThat(result.unsettled()).containsExactly(name(300_001));
            assertThat(result.differences()).extracting(Difference::fileName).doesNotContain(name(300_001)).hasSize(expectedDifferences().size() - 1);
        } finally {
            sql(databases.legacyUrl(), "UPDATE file_inventory SET update_time = timestamp '2020-01-01' WHERE file_name = name(300_001)");
        }
    }

    @Test
    @Order(7)
    void repairThroughTheApplyPathMakesASecondReconciliationClean() throws Exception {
        Reconciler reconciler = new Reconciler(legacy, legacy, other, Reconciler.Settings.DEFAULTS);
        Recheck recheck = new Recheck(reconciler, StreamWatermark.none(), Recheck.RecentChanges.none(), Recheck.Settings.DEFAULTS);
        ReconciliationService service = new ReconciliationService(reconciler, recheck, store);
        long first = service.run("api", "test", RangeFilter.NONE);
        JsonMapper json = JsonMapper.builder().build();
        SyncApplier applier = new SyncApplier(new LegacyDatabase(LegacyAndSyncDatabases.dataSource(databases.legacyUrl()), "http://ingest"),
                new LegacyShapedCatalogue(new LegacyDatabase(LegacyAndSyncDatabases.dataSource(otherUrl), "http://ingest")),
                new SyncStore(LegacyAndSyncDatabases.dataSource(databases.syncUrl()), json),
                new ConflictPolicy(Duration.ofMinutes(1), Map.of()), new SyncCounters(new SimpleMeterRegistry()));
        Repairer repairer = new Repairer(reconciler, applier, new ConflictPolicy(Duration.ofMinutes(1), Map.of()), store);

        Repairer.Plan dryRun = repairer.repair(first, false, "dm");
        assertThat(dryRun.applied()).isFalse();
        assertThat(dryRun.actions()).hasSize(expectedDifferences().size()).allMatch(action -> action.outcome().equals("dry run"));
        assertThat(dryRun.actions()).filteredOn(action -> action.kind().equals("missing-on-legacy"))
                .allMatch(action -> action.action().equals(Repairer.CATALOGUE_TO_LEGACY));
        assertThat(dryRun.actions()).filteredOn(action -> !action.kind().equals("missing-on-legacy"))
                .allMatch(action -> action.action().equals(Repairer.LEGACY_TO_CATALOGUE));
        assertThat(summary(reconciler.compare(RangeFilter.NONE).differences())).as("a dry run changes nothing").isEqualTo(expectedDifferences());

        Repairer.Plan applied = repairer.repair(first, true, "dm");
        assertThat(applied.actions()).filteredOn(action -> action.outcome().startsWith("quarantined"))
                .extracting(Repairer.Action::fileName).containsExactlyInAnyOrder(name(123_457), name(654_321));
        assertThat(applied.actions()).filteredOn(action -> !action.outcome().startsWith("quarantined")).allMatch(action -> action.outcome().equals("applied"));
        assertThat(databases.syncQuery("SELECT count(*) || ' ' || min(repaired_by) FROM repair_audit WHERE reconciliation_id = " + first))
                .containsExactly(expectedDifferences().size() + " dm");

        Report second = store.report(service.run("api", "test", RangeFilter.NONE), null, 1000).orElseThrow();
        assertThat(second.differences()).as("clean but for the unmappable legacy rows, which the repair put in quarantine")
                .extracting(Report.Entry::fileName).containsExactlyInAnyOrder(name(123_457), name(654_321));
    }

    /** Each difference as file name to kind and fields. */
    private static Map<String, String> summary(List<Difference> differences) {
        return differences.stream().collect(Collectors.toMap(Difference::fileName, difference -> difference.kind().label()
                + (difference.fields().isEmpty() ? "" : " " + difference.fieldNames())));
    }

    private static Map<String, String> expectedDifferences() {
        Map<String, String> expected = new java.util.HashMap<>();
        for (int i = 100_003; i <= ROWS; i += 90_001) {
            expected.put(name(i), "missing-on-catalogue");
        }
        for (int i = 50_005; i <= 950_005; i += 100_000) {
            expected.put(name(i) + "b", "missing-on-legacy");
        }
        expected.put(name(200_001), "different [md5]");
        expected.put(name(300_001), "different [startTime]");
        expected.put(name(400_001), "different [orbit]");
        expected.put(name(500_001), "different [state]");
        expected.put(name(600_005), "different [qaFlag]");
        expected.put(name(700_007), "different [qaFlag]");
        expected.put(name(800_001), "different [collection]");
        expected.put(name(900_001), "different [sizeBytes, cksum]");
        expected.put(name(123_457), "different [unmappable]");
        expected.put(name(654_321), "missing-on-catalogue");
        return expected;
    }

    private static void copyToOther(String fileName) {
        try {
            LegacyRow row = new LegacyDatabase(LegacyAndSyncDatabases.dataSource(databases.legacyUrl()), "x").read(Set.of(fileName)).get(fileName);
            SyncRecord record = ((LegacyMapping.Mapped.Mappable) LegacyMapping.toRecord(row)).record();
            new LegacyDatabase(LegacyAndSyncDatabases.dataSource(otherUrl), "x").write(List.of(new CatalogState(fileName, record, null)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String name(int i) {
        return "OMI-Aura_L2-OMTO3_" + String.format("%07d", i) + ".he5";
    }

    private static String names(int first, int step) {
        return java.util.stream.IntStream.iterate(first, i -> i <= ROWS, i -> i + step).limit(10).mapToObj(i -> "'" + name(i) + "'")
                .collect(Collectors.joining(", "));
    }

    static Instant start(int i) {
        return Instant.parse("2004-10-01T00:00:00Z").plusSeconds(100L * i).plusNanos(1000L * (i % 1000));
    }

    private static void sql(String url, String sql) throws SQLException {
        try (var connection = java.sql.DriverManager.getConnection(url); var statement = connection.createStatement()) {
            statement.execute("""
                    CREATE OR REPLACE FUNCTION pg_temp.name(i integer) RETURNS text LANGUAGE sql IMMUTABLE
                    AS $$ SELECT 'OMI-Aura_L2-OMTO3_' || lpad(i::text, 7, '0') || '.he5' $$;
                    CREATE OR REPLACE FUNCTION pg_temp.start(i integer) RETURNS timestamp LANGUAGE sql IMMUTABLE
                    AS $$ SELECT timestamp '2004-10-01' + i * interval '100 seconds' + (i % 1000) * interval '1 microsecond' $$""");
            statement.execute(sql.replace("name(", "pg_temp.name(").replace("start(", "pg_temp.start("));
        }
    }

    private static void sqlUnchecked(String url, String sql) {
        try {
            sql(url, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
