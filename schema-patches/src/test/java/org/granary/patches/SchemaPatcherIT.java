package org.granary.patches;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaPatcherIT {
    @TempDir
    Path patches;
    private HikariDataSource database;

    @BeforeEach
    void freshDatabase() {
        database = new HikariDataSource();
        database.setJdbcUrl(TemporaryPostgres.freshDatabase("schema_patcher"));
        database.setMaximumPoolSize(8);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void appliesPatchesInOrderOnAnEmptyDatabaseAndRecordsThem() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        write("0002-add-name.sql", "ALTER TABLE granule ADD COLUMN name text;");
        index("0001-create-granule.sql", "0002-add-name.sql");

        ApplyResult result = apply();

        assertThat(result.applied()).containsExactly("0001-create-granule.sql", "0002-add-name.sql");
        assertThat(columns("granule")).containsExactly("id", "name");
        List<LedgerEntry> ledger = ledger();
        assertThat(ledger).extracting(LedgerEntry::patchName).containsExactly("0001-create-granule.sql", "0002-add-name.sql");
        assertThat(ledger.getFirst().checksum()).isEqualTo(patchSet().patches().getFirst().checksum());
        assertThat(ledger.getFirst().appliedBy()).contains("tester").contains("as role postgres");
        assertThat(ledger.getFirst().appliedFrom()).contains("127.0.0.1");
    }

    @Test
    void leavesUnrelatedTablesAlone() throws Exception {
        execute("CREATE TABLE somebody_elses (x int); INSERT INTO somebody_elses VALUES (7)");
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        index("0001-create-granule.sql");

        apply();

        assertThat(columns("somebody_elses")).containsExactly("x");
        assertThat(columns("granule")).containsExactly("id");
    }

    @Test
    void aSecondRunOnAMigratedDatabaseDoesNothing() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        index("0001-create-granule.sql");
        apply();

        ApplyResult again = apply();

        assertThat(again.applied()).isEmpty();
        assertThat(again.alreadyApplied()).isEqualTo(1);
        assertThat(ledger()).hasSize(1);
    }

    @Test
    void refusesAnAppliedPatchThatWasEditedAndAppliesNothing() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        index("0001-create-granule.sql");
        apply();
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY, edited int);");
        write("0002-more.sql", "CREATE TABLE more (x int);");
        index("0001-create-granule.sql", "0002-more.sql");

        assertThatThrownBy(this::apply).isInstanceOf(PatchException.class)
                .hasMessageContaining("0001-create-granule.sql").hasMessageContaining("edited after it was applied");
        assertThat(columns("more")).isEmpty();
    }

    @Test
    void refusesADatabaseThatHasPatchesTheIndexDoesNotList() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        index("0001-create-granule.sql");
        apply();
        index();

        assertThatThrownBy(this::apply).isInstanceOf(PatchException.class)
                .hasMessageContaining("does not list it");
    }

    @Test
    void aPatchFailingHalfWayLeavesNothingBehindAndNamesTheStatement() throws Exception {
        write("0001-good.sql", "CREATE TABLE good (x int);");
        write("0002-bad.sql", "CREATE TABLE half (x int);\nINSERT INTO half VALUES (1);\nSELECT no_such_column FROM half;");
        index("0001-good.sql", "0002-bad.sql");

        assertThatThrownBy(this::apply).isInstanceOf(PatchException.class)
                .hasMessageContaining("0002-bad.sql").hasMessageContaining("statement 3 of 3")
                .hasMessageContaining("no_such_column").hasMessageContaining("rolled back");

        assertThat(columns("good")).containsExactly("x");
        assertThat(columns("half")).isEmpty();
        assertThat(ledger()).extracting(LedgerEntry::patchName).containsExactly("0001-good.sql");
    }

    @Test
    void runsNonTransactionalPatchesStatementByStatement() throws Exception {
        write("0001-table.sql", "CREATE TABLE granule (id bigint, orbit int);");
        write("0002-index.sql", Patch.NON_TRANSACTIONAL_MARKER + "\nCREATE INDEX CONCURRENTLY granule_orbit ON granule (orbit);");
        index("0001-table.sql", "0002-index.sql");

        apply();

        assertThat(query("SELECT indexname FROM pg_indexes WHERE tablename = 'granule'")).containsExactly("granule_orbit");
    }

    @Test
    void concurrentAppliersApplyEachPatchExactlyOnce() throws Exception {
        write("0001-create.sql", "CREATE TABLE counter (n int); INSERT INTO counter VALUES (0);");
        write("0002-slow.sql", "SELECT pg_sleep(0.5); UPDATE counter SET n = n + 1;");
        write("0003-again.sql", "UPDATE counter SET n = n + 10;");
        index("0001-create.sql", "0002-slow.sql", "0003-again.sql");

        var pool = Executors.newFixedThreadPool(4);
        List<Future<ApplyResult>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(pool.submit((Callable<ApplyResult>) this::apply));
        }
        int appliedInTotal = 0;
        for (Future<ApplyResult> run : runs) {
            appliedInTotal += run.get().applied().size();
        }
        pool.shutdown();

        assertThat(appliedInTotal).isEqualTo(3);
        assertThat(query("SELECT n::text FROM counter")).containsExactly("11");
        assertThat(ledger()).hasSize(3);
    }

    private ApplyResult apply() {
        var options = new SchemaPatcher.Options(java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(1), "tester", "test-host");
        return SchemaPatcher.apply(database, patchSet(), options);
    }

    private PatchSet patchSet() {
        return PatchSet.fromDirectory("granules", patches);
    }

    private void write(String name, String sql) throws Exception {
        Files.writeString(patches.resolve(name), sql);
    }

    private void index(String... names) throws Exception {
        Files.writeString(patches.resolve(PatchSet.INDEX_FILE), "# applied in this order\n" + String.join("\n", names) + "\n");
    }

    private List<LedgerEntry> ledger() throws SQLException {
        try (Connection connection = database.getConnection()) {
            return Ledger.read(connection, "granules");
        }
    }

    private List<String> columns(String table) throws SQLException {
        return query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '"
                + table + "' ORDER BY ordinal_position");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> query(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); var rows = connection.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
