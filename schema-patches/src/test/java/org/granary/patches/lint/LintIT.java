package org.granary.patches.lint;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.granary.patches.Patch;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class LintIT {
    private static String url;
    private static Connection connection;

    @BeforeAll
    static void aMillionGranulesAndAnEmptyCollection() throws SQLException {
        url = TemporaryPostgres.freshDatabase("lint");
        connection = DriverManager.getConnection(url);
        execute("""
                CREATE TABLE granule (id bigint, orbit integer, name varchar(50));
                INSERT INTO granule SELECT g, g % 5000, 'granule-' || g FROM generate_series(1, 1000000) g;
                ANALYZE granule;
                CREATE TABLE collection (id bigint PRIMARY KEY, name text);
                """);
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    @Test
    void flagsCreateIndexOnTheMillionRowTableAndNotOnTheEmptyOne() throws SQLException {
        Patch patch = new Patch("0002-index-names.sql", """
                CREATE INDEX granule_orbit_idx ON granule (orbit);
                CREATE INDEX collection_name_idx ON collection (name);
                """);

        List<Finding> findings = new PatchLinter().lint(patch, LiveTableStatistics.read(connection));

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.statementIndex()).isEqualTo(1);
            assertThat(finding.hazard()).isEqualTo(Hazard.BLOCKING_INDEX_BUILD);
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.message()).containsPattern("granule holds ~1,000,000 rows \\(\\d+ MB\\)");
        });
        // the safer form is real DDL: it runs, outside a transaction, as the patcher runs such patches
        String concurrently = findings.getFirst().saferForm().lines()
                .filter(line -> line.startsWith("CREATE INDEX CONCURRENTLY")).findFirst().orElseThrow();
        execute(concurrently);
        execute("DROP INDEX granule_orbit_idx");
    }

    @Test
    void flagsReindexAndLargeChangesOnTheMillionRowTableAndNotOnTheEmptyOne() throws SQLException {
        Patch patch = new Patch("0003-tidy-names.sql", Patch.NON_TRANSACTIONAL_MARKER + """

                REINDEX TABLE granule;
                REINDEX TABLE collection;
                UPDATE granule SET name = lower(name) WHERE name IS NOT NULL;
                UPDATE collection SET name = lower(name) WHERE name IS NOT NULL;
                DELETE FROM granule WHERE orbit = 7;
                """);

        List<Finding> findings = new PatchLinter().lint(patch, LiveTableStatistics.read(connection));

        assertThat(findings).extracting(Finding::statementIndex, Finding::hazard, Finding::severity).containsExactly(
                tuple(1, Hazard.BLOCKING_REINDEX, Severity.ERROR),
                tuple(3, Hazard.LARGE_DATA_CHANGE, Severity.WARNING));
        assertThat(findings).allSatisfy(finding -> assertThat(finding.message()).containsPattern("granule holds ~1,000,000 rows"));
        // the safer form is real SQL: it runs outside a transaction, as the patcher runs such patches
        String concurrently = findings.getFirst().saferForm().lines()
                .filter(line -> line.startsWith("REINDEX TABLE CONCURRENTLY")).findFirst().orElseThrow();
        execute(concurrently);
        // a large-change threshold above the table's rows lets the update pass
        assertThat(new PatchLinter(new LintOptions(100_000, 100L * 1024 * 1024, false, 5_000_000))
                .lint(patch, LiveTableStatistics.read(connection))).extracting(Finding::hazard).containsExactly(Hazard.BLOCKING_REINDEX);
    }

    @Test
    void reportsAboutAMillionRowsForTheAnalysedTable() throws SQLException {
        LiveTableStatistics statistics = LiveTableStatistics.read(connection);

        TableSize granule = statistics.size(TableName.parse("granule")).orElseThrow();
        assertThat(granule.rows()).isCloseTo(1_000_000L, within(10_000L));
        assertThat(granule.bytes()).isBetween(30L * 1024 * 1024, 100L * 1024 * 1024);
        assertThat(granule.partitioned()).isFalse();
        assertThat(statistics.size(TableName.parse("public.granule"))).contains(granule);
        assertThat(statistics.size(TableName.parse("collection"))).map(TableSize::rows).contains(0L);
        assertThat(statistics.size(TableName.parse("no_such_table"))).isEmpty();
        assertThat(statistics.columnType(TableName.parse("granule"), "name")).contains("character varying(50)");
        assertThat(connection.getAutoCommit()).isTrue();
    }

    @Test
    void estimatesATableNeverAnalysed() throws SQLException {
        execute("""
                CREATE TABLE unanalysed (id bigint, orbit integer, name varchar(50)) WITH (autovacuum_enabled = false);
                INSERT INTO unanalysed SELECT g, g % 5000, 'granule-' || g FROM generate_series(1, 300000) g;
                CREATE TABLE few_unanalysed (id bigint) WITH (autovacuum_enabled = false);
                INSERT INTO few_unanalysed SELECT generate_series(1, 42);
                """);
        assertThat(queryLong("SELECT reltuples::bigint FROM pg_class WHERE relname = 'unanalysed'")).isEqualTo(-1);

        LiveTableStatistics statistics = LiveTableStatistics.read(connection);

        // from the heap's pages and the columns' widths, as the planner guesses: right within a factor of two
        assertThat(statistics.size(TableName.parse("unanalysed")).orElseThrow().rows()).isBetween(150_000L, 600_000L);
        // small enough to count
        assertThat(statistics.size(TableName.parse("few_unanalysed")).orElseThrow().rows()).isEqualTo(42);
    }

    @Test
    void resolvesUnqualifiedNamesThroughTheConnectionsSearchPath() throws SQLException {
        execute("""
                CREATE SCHEMA archive;
                CREATE TABLE archive.granule (id bigint);
                INSERT INTO archive.granule SELECT generate_series(1, 10);
                ANALYZE archive.granule;
                """);
        try (Connection archiveFirst = DriverManager.getConnection(url)) {
            try (Statement statement = archiveFirst.createStatement()) {
                statement.execute("SET search_path = archive, public");
            }

            LiveTableStatistics statistics = LiveTableStatistics.read(archiveFirst);

            assertThat(statistics.size(TableName.parse("granule"))).map(TableSize::rows).contains(10L);
            assertThat(statistics.size(TableName.parse("public.granule")).orElseThrow().rows()).isGreaterThan(900_000);
            assertThat(statistics.size(TableName.parse("collection"))).isPresent();
        }
    }

    @Test
    void sumsThePartitionsOfAPartitionedTable() throws SQLException {
        execute("""
                CREATE TABLE measurement (taken date NOT NULL, value integer) PARTITION BY RANGE (taken);
                CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE measurement_2025 PARTITION OF measurement FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                INSERT INTO measurement SELECT date '2024-01-01' + (g % 700), g FROM generate_series(1, 2000) g;
                ANALYZE measurement_2024, measurement_2025;
                """);

        TableSize measurement = LiveTableStatistics.read(connection).size(TableName.parse("measurement")).orElseThrow();

        assertThat(measurement.rows()).isEqualTo(2000);
        assertThat(measurement.partitioned()).isTrue();
    }

    @Test
    void aValidatedNotNullCheckInTheDatabaseLetsSetNotNullPass() throws SQLException {
        execute("""
                CREATE TABLE station (id bigint NOT NULL, name text, code text);
                INSERT INTO station SELECT g, 'station-' || g, 'c' FROM generate_series(1, 200000) g;
                ANALYZE station;
                ALTER TABLE station ADD CONSTRAINT station_name_not_null CHECK (name IS NOT NULL);
                ALTER TABLE station ADD CONSTRAINT station_code_not_null CHECK (code IS NOT NULL) NOT VALID;
                """);
        LiveTableStatistics statistics = LiveTableStatistics.read(connection);
        Patch patch = new Patch("0003-station-not-null.sql", """
                ALTER TABLE station ALTER COLUMN name SET NOT NULL;
                ALTER TABLE station ALTER COLUMN id SET NOT NULL;
                ALTER TABLE station ALTER COLUMN code SET NOT NULL;
                """);

        List<Finding> findings = new PatchLinter().lint(patch, statistics);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.statementIndex()).isEqualTo(3); // the check on code is not validated yet
            assertThat(finding.hazard()).isEqualTo(Hazard.BLOCKING_NOT_NULL_SCAN);
        });
    }

    private static void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long queryLong(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); var row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
