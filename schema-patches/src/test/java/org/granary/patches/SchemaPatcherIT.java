package org.granary.patches;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.granary.patches.drift.DdlEvent;
import org.granary.patches.drift.Provenance;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

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
    void anOlderBuildStartsAgainstADatabaseWithPatchesItDoesNotKnowAndNamesThemInLedgerOrder() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        write("0002-add-name.sql", "ALTER TABLE granule ADD COLUMN name text;");
        write("0003-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit integer;");
        index("0001-create-granule.sql", "0002-add-name.sql", "0003-add-orbit.sql");
        apply();
        index("0001-create-granule.sql");

        ApplyResult olderBuild = apply();

        assertThat(olderBuild.applied()).isEmpty();
        assertThat(olderBuild.unknownToThisBuild()).containsExactly("0002-add-name.sql", "0003-add-orbit.sql");
        assertThat(olderBuild.alreadyApplied()).isEqualTo(3);
        assertThat(ledger()).extracting(LedgerEntry::patchName)
                .containsExactly("0001-create-granule.sql", "0002-add-name.sql", "0003-add-orbit.sql");
    }

    @Test
    void anOlderBuildRefusesADatabaseWithAPatchItDoesNotKnowThatBreaksOlderBuildsNamingTheFirst() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY, name text);");
        write("0002-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit integer;");
        write("0003-drop-name.sql", "-- patch: breaks-older-builds\nALTER TABLE granule DROP COLUMN name;");
        write("0004-drop-orbit.sql", "-- patch: breaks-older-builds\nALTER TABLE granule DROP COLUMN orbit;");
        index("0001-create-granule.sql", "0002-add-orbit.sql", "0003-drop-name.sql", "0004-drop-orbit.sql");
        apply();
        index("0001-create-granule.sql");

        assertThatThrownBy(this::apply).isInstanceOf(PatchRefusedException.class)
                .hasMessageContaining("patch 0003-drop-name.sql of granules")
                .hasMessageContaining("marked as breaking older builds")
                .hasMessageContaining("in order: 0002-add-orbit.sql, 0003-drop-name.sql, 0004-drop-orbit.sql")
                .message().doesNotContain("patch 0004-drop-orbit.sql of");
        assertThat(ledger()).extracting(LedgerEntry::patchName, LedgerEntry::breaksOlderBuilds).containsExactly(
                tuple("0001-create-granule.sql", false), tuple("0002-add-orbit.sql", false),
                tuple("0003-drop-name.sql", true), tuple("0004-drop-orbit.sql", true));
    }

    @Test
    void aMarkerMerelyQuotedInACommentDoesNotBreakOlderBuilds() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        write("0002-add-name.sql", "-- like -- patch: breaks-older-builds, but quoted\nALTER TABLE granule ADD COLUMN name text;");
        index("0001-create-granule.sql", "0002-add-name.sql");
        apply();
        index("0001-create-granule.sql");

        assertThat(apply().unknownToThisBuild()).containsExactly("0002-add-name.sql");
    }

    @Test
    void anOlderBuildStillRefusesAnEditedPatchItKnows() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        write("0002-add-name.sql", "ALTER TABLE granule ADD COLUMN name text;");
        index("0001-create-granule.sql", "0002-add-name.sql");
        apply();
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY); -- edited");
        index("0001-create-granule.sql");

        assertThatThrownBy(this::apply).isInstanceOf(PatchRefusedException.class)
                .hasMessageContaining("0001-create-granule.sql").hasMessageContaining("edited after it was applied");
    }

    @Test
    void aBuildThatWouldApplyItsOwnPatchAfterOnesItDoesNotKnowIsRefused() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        write("0002-add-name.sql", "ALTER TABLE granule ADD COLUMN name text;");
        write("0002-add-size.sql", "ALTER TABLE granule ADD COLUMN size bigint;");
        index("0001-create-granule.sql", "0002-add-name.sql");
        apply();
        index("0001-create-granule.sql", "0002-add-size.sql");

        assertThatThrownBy(this::apply).isInstanceOf(PatchRefusedException.class)
                .hasMessageContaining("patch 0002-add-name.sql of granules").hasMessageContaining("would apply 0002-add-size.sql after it");
        assertThat(columns("granule")).containsExactly("id", "name");
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
    void aPatchThatCommitsOrRollsBackInItsMiddleIsRefusedBeforeAnythingRuns() throws Exception {
        write("0001-good.sql", "CREATE TABLE good (x int);");
        write("0002-commits.sql", "CREATE TABLE t1 (id int);\nCOMMIT;\nCREATE TABLE t2 (id intx);");
        index("0001-good.sql", "0002-commits.sql");

        assertThatThrownBy(this::apply).isInstanceOf(PatchRefusedException.class)
                .hasMessageContaining("0002-commits.sql").hasMessageContaining("statement 2 (COMMIT)").hasMessageContaining("Nothing was applied");

        assertThat(columns("good")).as("the patch before it is not applied either").isEmpty();
        assertThat(columns("t1")).isEmpty();
        assertThat(ledger()).isEmpty();

        write("0002-commits.sql", "CREATE TABLE t1 (id int);\n/* undo */ rollback work;\nCREATE TABLE t2 (id int);");
        assertThatThrownBy(this::apply).isInstanceOf(PatchRefusedException.class).hasMessageContaining("statement 2 (rollback work)");
        write("0002-commits.sql", "BEGIN;\nCREATE TABLE t1 (id int);\nEND;");
        assertThatThrownBy(this::apply).isInstanceOf(PatchRefusedException.class).hasMessageContaining("statement 1 (BEGIN)");
        assertThat(columns("t1")).isEmpty();
        assertThat(ledger()).isEmpty();

        // a savepoint stays inside the patch's transaction: allowed
        write("0002-commits.sql", "CREATE TABLE t1 (id int);\nSAVEPOINT s;\nCREATE TABLE t2 (id int);\nROLLBACK TO SAVEPOINT s;");
        apply();
        assertThat(columns("t1")).containsExactly("id");
        assertThat(columns("t2")).isEmpty();
        assertThat(ledger()).extracting(LedgerEntry::patchName).containsExactly("0001-good.sql", "0002-commits.sql");
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

    @Test
    void namesThePatchForTheDdlLogSoThatOnlyDdlRunByHandCountsAsSuch() throws Exception {
        write("0001-table.sql", "CREATE TABLE granule (id bigint, orbit int);");
        write("0002-index.sql", Patch.NON_TRANSACTIONAL_MARKER + "\nCREATE INDEX CONCURRENTLY granule_orbit ON granule (orbit);");
        index("0001-table.sql", "0002-index.sql");

        apply();
        execute("CREATE INDEX granule_id ON granule (id)");

        try (Connection connection = database.getConnection()) {
            assertThat(Provenance.events(connection, Instant.EPOCH))
                    .extracting(DdlEvent::objectIdentity, DdlEvent::patch).containsExactly(
                            tuple("public.granule", "0001-table.sql"),
                            tuple("public.granule_orbit", "0002-index.sql"),
                            tuple("public.granule_id", null));
        }
    }

    @Test
    void aRoleThatMayNotInstallTheDdlLogStillApplies() throws Exception {
        execute("DO $$ BEGIN CREATE ROLE granary_service LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        execute("GRANT CREATE ON DATABASE \"" + databaseName() + "\" TO granary_service; GRANT CREATE ON SCHEMA public TO granary_service");
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        index("0001-create-granule.sql");
        PGSimpleDataSource asService = new PGSimpleDataSource();
        asService.setURL(database.getJdbcUrl().replace("user=postgres", "user=granary_service"));

        ApplyResult result = SchemaPatcher.apply(asService, patchSet(), options());

        assertThat(result.applied()).containsExactly("0001-create-granule.sql");
        assertThat(query("SELECT to_regclass('granary_patches.ddl_log')::text")).containsOnlyNulls();
    }

    @Test
    void recordsTheStageAndWhetherDriftWasAllowed() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        index("0001-create-granule.sql");

        SchemaPatcher.apply(database, patchSet(), withStageAndDrift("testing", true));

        assertThat(ledger()).singleElement().satisfies(entry -> {
            assertThat(entry.stage()).isEqualTo("testing");
            assertThat(entry.driftAllowed()).isTrue();
        });
    }

    @Test
    void allowingDriftAppliesPastAnEditedPatchAndLeavesItsLedgerRowAlone() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        index("0001-create-granule.sql");
        apply();
        String appliedChecksum = ledger().getFirst().checksum();
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY); -- edited");
        write("0002-more.sql", "CREATE TABLE more (x int);");
        index("0001-create-granule.sql", "0002-more.sql");

        assertThatThrownBy(this::apply).isInstanceOf(PatchRefusedException.class);
        ApplyResult result = SchemaPatcher.apply(database, patchSet(), withStageAndDrift(null, true));

        assertThat(result.applied()).containsExactly("0002-more.sql");
        assertThat(ledger()).extracting(LedgerEntry::patchName, LedgerEntry::checksum, LedgerEntry::driftAllowed).containsExactly(
                tuple("0001-create-granule.sql", appliedChecksum, false),
                tuple("0002-more.sql", patchSet().patches().getLast().checksum(), true));
    }

    @Test
    void addsTheStageColumnToALedgerMadeBeforeStages() throws Exception {
        execute("""
                CREATE SCHEMA granary_patches;
                CREATE TABLE granary_patches.ledger (
                    component text NOT NULL, patch_name text NOT NULL, checksum text NOT NULL, applied_by text NOT NULL,
                    applied_from text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                    duration_ms bigint NOT NULL, drift_allowed boolean NOT NULL DEFAULT false,
                    PRIMARY KEY (component, patch_name));
                INSERT INTO granary_patches.ledger (component, patch_name, checksum, applied_by, applied_from, duration_ms)
                VALUES ('granules', '0001-create-granule.sql', 'c1', 'old', 'old-host', 5);
                """);
        assertThat(ledger()).singleElement().satisfies(entry -> assertThat(entry.stage()).isNull());
        write("0001-create-granule.sql", "SELECT 1;");
        write("0002-more.sql", "CREATE TABLE more (x int);");
        index("0001-create-granule.sql", "0002-more.sql");

        SchemaPatcher.apply(database, patchSet(), withStageAndDrift("development", true));

        assertThat(ledger()).extracting(LedgerEntry::patchName, LedgerEntry::stage)
                .containsExactly(tuple("0001-create-granule.sql", null), tuple("0002-more.sql", "development"));
    }

    @Test
    void addsTheBreaksOlderBuildsColumnToALedgerMadeBeforeTheMarker() throws Exception {
        execute("""
                CREATE SCHEMA granary_patches;
                CREATE TABLE granary_patches.ledger (
                    component text NOT NULL, patch_name text NOT NULL, checksum text NOT NULL, applied_by text NOT NULL,
                    applied_from text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                    duration_ms bigint NOT NULL, drift_allowed boolean NOT NULL DEFAULT false, stage text,
                    PRIMARY KEY (component, patch_name));
                INSERT INTO granary_patches.ledger (component, patch_name, checksum, applied_by, applied_from, duration_ms)
                VALUES ('granules', '0001-create-granule.sql', 'c1', 'old', 'old-host', 5);
                """);
        assertThat(ledger()).singleElement().satisfies(entry -> assertThat(entry.breaksOlderBuilds()).isFalse());
        write("0001-create-granule.sql", "SELECT 1;");
        write("0002-drop.sql", "-- patch: breaks-older-builds\nCREATE TABLE more (x int);");
        index("0001-create-granule.sql", "0002-drop.sql");

        SchemaPatcher.apply(database, patchSet(), withStageAndDrift(null, true));

        assertThat(ledger()).extracting(LedgerEntry::patchName, LedgerEntry::breaksOlderBuilds)
                .containsExactly(tuple("0001-create-granule.sql", false), tuple("0002-drop.sql", true));
        index("0001-create-granule.sql");
        assertThatThrownBy(() -> SchemaPatcher.apply(database, patchSet(), withStageAndDrift(null, true)))
                .isInstanceOf(PatchRefusedException.class).hasMessageContaining("patch 0002-drop.sql of granules");
    }

    @Test
    void recordsEachPatchesTransactionAndSessionForTheDdlLogLeavingOlderLedgerRowsWithout() throws Exception {
        execute("""
                CREATE SCHEMA granary_patches;
                CREATE TABLE granary_patches.ledger (
                    component text NOT NULL, patch_name text NOT NULL, checksum text NOT NULL, applied_by text NOT NULL,
                    applied_from text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                    duration_ms bigint NOT NULL, drift_allowed boolean NOT NULL DEFAULT false,
                    PRIMARY KEY (component, patch_name));
                INSERT INTO granary_patches.ledger (component, patch_name, checksum, applied_by, applied_from, duration_ms)
                VALUES ('granules', '0001-create-granule.sql', 'c1', 'old', 'old-host', 5);
                """);
        write("0001-create-granule.sql", "SELECT 1;");
        write("0002-more.sql", "CREATE TABLE more (x int);");
        index("0001-create-granule.sql", "0002-more.sql");

        SchemaPatcher.apply(database, patchSet(), withStageAndDrift(null, true));

        assertThat(query("SELECT patch_name || ' ' || (transaction_id IS NOT NULL) || ' ' || (backend_pid IS NOT NULL)"
                + " FROM granary_patches.ledger ORDER BY applied_at"))
                .containsExactly("0001-create-granule.sql false false", "0002-more.sql true true");
        assertThat(query("SELECT d.object_identity FROM granary_patches.ddl_log d JOIN granary_patches.ledger l"
                + " ON l.transaction_id = d.transaction_id AND l.patch_name = d.patch"))
                .as("the patch's DDL and its ledger row, one transaction").containsExactly("public.more");
    }

    @Test
    void aCheckBeforeApplyingSeesThePendingPatchesUnderTheLockAndMayRefuse() throws Exception {
        write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        write("0002-more.sql", "CREATE TABLE more (x int);");
        index("0001-create-granule.sql");
        apply();
        index("0001-create-granule.sql", "0002-more.sql");
        List<String> seen = new ArrayList<>();

        assertThatThrownBy(() -> SchemaPatcher.apply(database, patchSet(), options(), (connection, applied, pending) -> {
            seen.add(applied.stream().map(LedgerEntry::patchName).toList() + " " + pending.stream().map(Patch::name).toList());
            throw new PatchRefusedException("not today");
        })).isInstanceOf(PatchRefusedException.class).hasMessage("not today");

        assertThat(seen).containsExactly("[0001-create-granule.sql] [0002-more.sql]");
        assertThat(columns("more")).isEmpty();
    }

    @Test
    void appliesEscapeStringsAndSqlStandardFunctionBodies() throws Exception {
        write("0001-functions.sql", """
                CREATE TABLE note (body text);
                INSERT INTO note VALUES (E'it\\'s; here');
                CREATE FUNCTION size_class(bytes bigint) RETURNS text LANGUAGE sql
                BEGIN ATOMIC
                    SELECT CASE WHEN bytes > 1000 THEN 'large' ELSE 'small' END;
                END;
                """);
        index("0001-functions.sql");

        apply();

        assertThat(query("SELECT body FROM note")).containsExactly("it's; here");
        assertThat(query("SELECT size_class(5000)")).containsExactly("large");
    }

    @Test
    void aReaderWaitsWhileAPatchIsBeingApplied() throws Exception {
        index();
        List<String> happened = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Connection applier = database.getConnection(); Connection reader = database.getConnection()) {
            applier.createStatement().execute("SELECT pg_advisory_lock(" + SchemaPatcher.ADVISORY_LOCK_KEY + ")");
            int readerPid = number(reader, "SELECT pg_backend_pid()");
            var pool = Executors.newSingleThreadExecutor();
            Future<String> read = pool.submit(() -> SchemaPatcher.whileNoPatchApplies(reader, () -> happened.add("waiting"), () -> {
                happened.add("reading");
                return "read";
            }));
            awaitWaitingForTheAdvisoryLock(applier, readerPid, read);
            happened.add("applier done");
            applier.createStatement().execute("SELECT pg_advisory_unlock(" + SchemaPatcher.ADVISORY_LOCK_KEY + ")");

            assertThat(read.get()).isEqualTo("read");
            pool.shutdown();
        }
        assertThat(happened).containsExactly("waiting", "applier done", "reading");
        assertThat(apply().applied()).as("the reader let go of the lock").isEmpty();
    }

    /**
     * Returns once the session {@code pid} waits for an advisory lock, as {@code pg_locks} shows
     * it; each check is a round trip to the server, so the loop needs no pause.
     */
    private static void awaitWaitingForTheAdvisoryLock(Connection observer, int pid, Future<?> waiter) throws SQLException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String waiting = "SELECT count(*)::int FROM pg_locks WHERE pid = " + pid + " AND locktype = 'advisory' AND NOT granted";
        while (number(observer, waiting) == 0) {
            assertThat(waiter).as("the reader ended without waiting for the lock").isNotDone();
            assertThat(Instant.now()).as("session " + pid + " waiting for the advisory lock").isBefore(deadline);
        }
    }

    private static int number(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private ApplyResult apply() {
        return SchemaPatcher.apply(database, patchSet(), options());
    }

    private static SchemaPatcher.Options options() {
        return new SchemaPatcher.Options(Duration.ofSeconds(5), Duration.ofMinutes(1), "tester", "test-host");
    }

    private static SchemaPatcher.Options withStageAndDrift(String stage, boolean driftAllowed) {
        return new SchemaPatcher.Options(Duration.ofSeconds(5), Duration.ofMinutes(1), "tester", "test-host", stage, driftAllowed);
    }

    private String databaseName() {
        String url = database.getJdbcUrl();
        return url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
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
