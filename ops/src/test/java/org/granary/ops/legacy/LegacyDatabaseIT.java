package org.granary.ops.legacy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.ingest.esdt.FileNameFields;
import org.granary.ingest.esdt.FileNamePattern;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The legacy database on real PostgreSQL: its patches, the demo's rows (named as ingest's ESDT
 * catalogue expects, but for the few meant for the quarantine) and the writer that plays the old
 * applications. The writer runs last: its deletes may take any row, the unmappable ones too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyDatabaseIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final long DEMO_ROWS = 3_000;
    private static String url;
    private static String demoOutput;

    @BeforeAll
    static void patchedAndFilled() throws Exception {
        url = TemporaryPostgres.freshDatabase("LegacyDatabaseIT");
        assertThat(LegacyDatabase.patch(url, LegacyDatabase.patchFolder(ROOT)).applied())
                .containsExactly("0001-create-file-inventory.sql", "0002-create-granary-sync.sql");
        demoOutput = capture(out -> new LegacyDemoRows(url, out).fill(DEMO_ROWS));
    }

    @Test
    @Order(1)
    void theDemoRowsAreLegacyShapedAndNamedAsIngestsCatalogueExpects() throws Exception {
        Map<String, FileNamePattern> patterns = ingestPatterns();
        List<String> unmappable = new ArrayList<>();
        int checked = 0;
        try (Connection connection = DriverManager.getConnection(url);
                var result = connection.createStatement().executeQuery("SELECT file_name, esdt_code, start_time, stop_time, production_time, "
                        + "orbit_number, md5_checksum, cksum_value, update_time > insert_time FROM file_inventory")) {
            while (result.next()) {
                String name = result.getString(1);
                String[] code = result.getString(2).split("\\.", -1);
                FileNamePattern pattern = patterns.get(code[0]);
                Timestamp start = result.getTimestamp(3);
                if (pattern == null || !code[1].equals("003") || !pattern.matches(name) || result.getTimestamp(4).before(start)) {
                    unmappable.add(name);
                    continue;
                }
                FileNameFields fields = pattern.parse(name, code[0]);
                assertThat(fields.start()).as(name).isEqualTo(start.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).toInstant(ZoneOffset.UTC));
                if (!result.getBoolean(9)) {
                    // an overwritten row (a reprocessing) keeps its name, with a new production time
                    assertThat(fields.production()).as(name).isEqualTo(result.getTimestamp(5).toLocalDateTime().toInstant(ZoneOffset.UTC));
                }
                assertThat(fields.collection()).isEqualTo(3);
                assertThat(fields.orbit()).isEqualTo((Integer) result.getObject(6));
                assertThat(result.getString(7)).as("MD5 in upper case").matches("[0-9A-F]{32}");
                assertThat(result.getLong(8)).isBetween(0L, 4_294_967_295L);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan((int) (DEMO_ROWS * 0.9));
        assertThat(unmappable).as("the rows meant for the quarantine").hasSize(6);
        assertThat(count("SELECT count(*) FROM file_inventory WHERE start_time < timestamp '2004-10-02'")).as("none of the demo's day in ingest").isZero();
        assertThat(count("SELECT count(*) FROM file_inventory WHERE status_code = 'S'")).isPositive();
        assertThat(count("SELECT count(*) FROM file_inventory WHERE esdt_code IN ('OMTO3d.003', 'OMTO3e.003')")).isPositive();
        assertThat(count("SELECT count(DISTINCT qa_flag) FROM file_qa")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM file_qa JOIN file_inventory USING (file_name) WHERE qa_time < now() - interval '1 day' "
                + "AND (esdt_code LIKE 'OML1%' OR esdt_code LIKE 'OMTO3_.003')")).as("the demo's QA rows on level 2 only (the writer's anywhere)").isZero();
        assertThat(count("SELECT count(*) FROM file_inventory f WHERE esdt_code = 'OMTO3.003' AND file_name LIKE 'OMI-Aura_%' "
                + "AND (SELECT count(*) FROM file_lineage l WHERE l.file_name = f.file_name) <> 2"))
                .as("each level 2 file made from its orbit's two level 1B files").isZero();
        assertThat(demoOutput).contains("legacy: filled granary_legacy").contains("6 of them cannot be mapped");
    }

    @Test
    @Order(2)
    void patchingAgainAppliesNothingAndASecondFillKeepsTheRows() throws Exception {
        long before = count("SELECT count(*) FROM file_inventory");
        assertThat(LegacyDatabase.patch(url, LegacyDatabase.patchFolder(ROOT)).applied()).isEmpty();
        String again = capture(out -> new LegacyDemoRows(url, out).fill(DEMO_ROWS));
        assertThat(again).contains("holds " + String.format("%,d", before) + " files already");
        assertThat(count("SELECT count(*) FROM file_inventory")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM granary_sync.applied_by_sync")).isZero();
        assertThat(count("SELECT count(*) FROM pg_publication_tables WHERE pubname = 'granary_metadata_sync'")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname IN ('file_inventory', 'file_qa', 'file_lineage') AND relreplident = 'd'"))
                .as("replica identity DEFAULT").isEqualTo(3);
    }

    @Test
    @Order(3)
    void theWriterMakesInsertsOverwritesQaUpdatesAndDeletes() throws Exception {
        long filesBefore = count("SELECT count(*) FROM file_inventory");
        Timestamp began = timestamp("SELECT now() AT TIME ZONE 'UTC'");
        Map<LegacyChange, Long> done = new HashMap<>();
        String output = capture(out -> done.putAll(new LegacyWriter(url, out).run(300, Optional.of(Duration.ofSeconds(6)))));

        assertThat(done.get(LegacyChange.INSERT)).isGreaterThan(done.get(LegacyChange.OVERWRITE));
        assertThat(done.values()).allMatch(count -> count > 0);
        assertThat(count("SELECT count(*) FROM file_inventory")).isEqualTo(filesBefore + done.get(LegacyChange.INSERT) - done.get(LegacyChange.DELETE));
        assertThat(count("SELECT count(*) FROM file_inventory WHERE update_time > insert_time AND update_time >= '" + began + "'"))
                .as("overwritten rows").isPositive();
        assertThat(count("SELECT count(*) FROM file_qa WHERE qa_time >= '" + began + "'")).as("QA updated").isPositive();
        assertThat(count("SELECT count(*) FROM file_lineage JOIN file_inventory USING (file_name) WHERE insert_time >= '" + began + "'"))
                .as("lineage of new level 2 files").isPositive();
        Map<String, FileNamePattern> patterns = ingestPatterns();
        try (Connection connection = DriverManager.getConnection(url);
                var result = connection.createStatement().executeQuery("SELECT file_name, esdt_code FROM file_inventory WHERE insert_time >= '"
                        + began + "'")) {
            while (result.next()) {
                assertThat(patterns.get(result.getString(2).split("\\.", -1)[0]).matches(result.getString(1))).as(result.getString(1)).isTrue();
            }
        }
        assertThat(output).contains("legacy write: 300 changes/s for 6 s").contains("legacy write: last 5 s: ").contains("legacy write: done in 6 s: "
                + done.get(LegacyChange.INSERT) + " inserts, " + done.get(LegacyChange.OVERWRITE) + " overwrites, "
                + done.get(LegacyChange.QA_UPDATE) + " QA updates, " + done.get(LegacyChange.DELETE) + " deletes");
    }

    private static Map<String, FileNamePattern> ingestPatterns() {
        JsonNode catalogue = JsonMapper.builder().build().readTree(ROOT.resolve("ingest-service/src/main/resources/esdt/omi-catalog.json").toFile());
        Map<String, FileNamePattern> patterns = new HashMap<>();
        for (JsonNode esdt : catalogue.get("esdts")) {
            patterns.put(esdt.get("shortName").asString(), FileNamePattern.compile(esdt.get("fileNamePattern").asString()));
        }
        return patterns;
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); var result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Timestamp timestamp(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); var result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getTimestamp(1);
        }
    }

    private interface Printing {
        void to(PrintStream out) throws Exception;
    }

    private static String capture(Printing printing) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            printing.to(out);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        return output;
    }
}
