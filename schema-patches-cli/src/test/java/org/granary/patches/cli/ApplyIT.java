package org.granary.patches.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ApplyIT {
    @TempDir
    Path folder;
    private PatchFiles patches;
    private TestDatabase database;

    @BeforeEach
    void onePatch() {
        database = TestDatabase.fresh("cli_apply");
        patches = new PatchFiles(folder.resolve("granules"));
        patches.folder().toFile().mkdirs();
        patches.add("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY, name text);");
    }

    @Test
    void appliesThePendingPatchesRecordsThemAndInstallsTheDdlLog() throws Exception {
        patches.add("0002-index-name.sql", "-- patch: non-transactional\nCREATE INDEX CONCURRENTLY granule_name ON granule (name);");

        Cli cli = apply();

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("pending: 0001-create-granule.sql, 0002-index-name.sql", "lint: no hazards found",
                        "drift: none, the schema is what the 0 applied patches make", "done: 2 applied now, 0 before")
                .containsPattern("applied +0001-create-granule\\.sql +in one transaction +\\d+ ms")
                .containsPattern("applied +0002-index-name\\.sql +non-transactional +\\d+ ms");
        assertThat(database.ledger()).containsExactly("0001-create-granule.sql|false|-", "0002-index-name.sql|false|-");
        assertThat(database.query("SELECT DISTINCT patch FROM granary_patches.ddl_log ORDER BY 1"))
                .containsExactly("0001-create-granule.sql", "0002-index-name.sql");
        assertThat(apply().out()).contains("nothing to apply: all 2 patches are applied");
    }

    @Test
    void refusesAnEditedAppliedPatchUnlessDriftIsAllowedWhichTheLedgerRecords() throws Exception {
        assertThat(apply().exitCode()).isZero();
        patches.write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY, name text, edited int);")
                .add("0002-more.sql", "CREATE TABLE more (x int);");

        Cli refused = apply();

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(refused.err()).containsPattern("0001-create-granule\\.sql +EDITED +edited after it was applied")
                .contains("refused, nothing was applied", "--allow-drift applies anyway");
        assertThat(database.columns("more")).isEmpty();
        assertThat(database.ledger()).containsExactly("0001-create-granule.sql|false|-");

        Cli allowed = apply("--allow-drift");

        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(allowed.err()).contains("warning: applying although 0001-create-granule.sql was edited after it was applied");
        assertThat(allowed.out()).contains("drift: 1 difference(s)", "(allowed with --allow-drift, recorded in the ledger)",
                "column public.granule.edited is missing");
        assertThat(database.columns("more")).containsExactly("x");
        assertThat(database.ledger()).containsExactly("0001-create-granule.sql|false|-", "0002-more.sql|true|-");
    }

    @Test
    void refusesWhenTheSchemaDriftedUnlessDriftIsAllowed() throws Exception {
        assertThat(apply().exitCode()).isZero();
        database.execute("ALTER TABLE granule ADD COLUMN comment text");
        patches.add("0002-more.sql", "CREATE TABLE more (x int);");

        Cli refused = apply();
        Cli allowed = apply("--allow-drift");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(refused.out()).contains("drift: 1 difference(s) from what the 1 applied patches make")
                .containsPattern("UNEXPECTED +column public\\.granule\\.comment exists in the database but no applied patch makes it")
                .contains("who:    added by role postgres", "repair: -- this deletes the values of public.granule.comment");
        assertThat(refused.err()).contains("refused: nothing was applied to granules", "the schema drifted", "apply with --allow-drift");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(database.ledger()).containsExactly("0001-create-granule.sql|false|-", "0002-more.sql|true|-");
    }

    @Test
    void refusesWhileAListedPatchFileIsMissing() throws Exception {
        patches.write("patches_applied.txt", "0001-create-granule.sql\n0002-lost.sql\n");

        Cli cli = apply();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.err()).containsPattern("0002-lost\\.sql +MISSING +listed in patches_applied\\.txt, but there is no such file")
                .contains("refused, nothing was applied");
        assertThat(database.ledger()).isEmpty();
    }

    @Test
    void twoConcurrentRunsApplyEachPatchExactlyOnce() throws Exception {
        patches.add("0002-counter.sql", "CREATE TABLE counter (n int); INSERT INTO counter VALUES (0);")
                .add("0003-slow.sql", "SELECT pg_sleep(0.5); UPDATE counter SET n = n + 1;")
                .add("0004-again.sql", "UPDATE counter SET n = n + 10;");

        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<Cli>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(threads.submit((Callable<Cli>) this::apply));
        }
        List<Cli> results = new ArrayList<>();
        for (Future<Cli> run : runs) {
            results.add(run.get());
        }
        threads.shutdown();

        assertThat(results).allSatisfy(cli -> assertThat(cli.exitCode()).as(cli.toString()).isZero());
        assertThat(results.stream().mapToLong(cli -> cli.out().lines().filter(line -> line.startsWith("applied ")).count()).sum())
                .isEqualTo(4);
        assertThat(database.ledger()).hasSize(4);
        assertThat(database.query("SELECT n::text FROM counter")).containsExactly("11");
        assertThat(database.columns("granule")).containsExactly("id", "name");
    }

    @Test
    void aPatchFailingHalfWayLeavesNothingOfItAndNamesTheStatement() throws Exception {
        patches.add("0002-bad.sql", "CREATE TABLE half (x int);\nSELECT no_such_column FROM half;");

        Cli cli = apply();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(cli.err()).contains("failed: patch 0002-bad.sql of granules failed at statement 2 of 2",
                "no_such_column", "statement: SELECT no_such_column FROM half", "the patch was rolled back").doesNotContain("\tat ");
        assertThat(database.columns("half")).isEmpty();
        assertThat(database.ledger()).containsExactly("0001-create-granule.sql|false|-");
    }

    @Test
    void aNonTransactionalPatchThatFailedHalfWayIsShownBegunAndResumedWithoutBeingRefusedAsDrift() throws Exception {
        assertThat(apply().exitCode()).isZero();
        database.execute("INSERT INTO granule VALUES (1, 'twice'), (2, 'twice')");
        patches.add("0002-unique-name.sql", "-- patch: non-transactional\nCREATE TABLE name_audit (name text);\n"
                + "CREATE UNIQUE INDEX CONCURRENTLY granule_name ON granule (name);");

        Cli failed = apply();

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(failed.err()).contains("failed at statement 2 of 2", "its first 1 statement(s) stay applied",
                "it resumes at statement 2", "left the INVALID index public.granule_name");
        Cli status = Cli.run(Cli.args("status", patches, database.jdbcUrl()));
        assertThat(status.out()).containsPattern("0002-unique-name\\.sql +pending +begun .* 1 of 2 statements applied, statement 2 failed: .*"
                + "; apply resumes at statement 2");

        database.execute("DELETE FROM granule WHERE id = 2");
        Cli resumed = apply();

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("drift: none");
        assertThat(database.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'granule_name'::regclass")).containsExactly("true");
        assertThat(database.ledger()).containsExactly("0001-create-granule.sql|false|-", "0002-unique-name.sql|false|-");
        Cli verify = Cli.run(Cli.args("verify", patches, database.jdbcUrl()));
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
    }

    @Test
    void aRepeatableViewIsShownChangedVerifiedAgainstTheAppliedVersionAndAppliedAgain() throws Exception {
        patches.add("R-granule-views.sql", "CREATE OR REPLACE VIEW named_granule AS SELECT id FROM granule WHERE name IS NOT NULL;");
        assertThat(apply().exitCode()).isZero();
        patches.write("R-granule-views.sql", "CREATE OR REPLACE VIEW named_granule AS SELECT id, name FROM granule WHERE name IS NOT NULL;");

        Cli status = Cli.run(Cli.args("status", patches, database.jdbcUrl()));
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCode.PENDING);
        assertThat(status.out()).containsPattern("R-granule-views\\.sql +pending +repeatable, changed since it was applied");
        Cli verifyBefore = Cli.run(Cli.args("verify", patches, database.jdbcUrl()));
        assertThat(verifyBefore.exitCode()).as("the database has the version it applied: no drift; " + verifyBefore).isZero();

        Cli applied = apply();

        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(applied.out()).contains("pending: R-granule-views.sql");
        assertThat(database.columns("named_granule")).containsExactly("id", "name");
        assertThat(Cli.run(Cli.args("verify", patches, database.jdbcUrl())).exitCode()).isZero();
    }

    @Test
    void aStatementWaitingLongerThanTheLockTimeoutGivesUp() throws Exception {
        assertThat(apply().exitCode()).isZero();
        patches.add("0002-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit integer;");

        try (Connection reader = DriverManager.getConnection(database.jdbcUrl()); Statement statement = reader.createStatement()) {
            reader.setAutoCommit(false);
            statement.execute("LOCK TABLE granule IN ACCESS SHARE MODE"); // a long report reading the table
            int readerPid = ((org.postgresql.PGConnection) reader).getBackendPID();

            Cli cli = apply("--lock-timeout", "400ms");

            assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.FAILED);
            assertThat(cli.err()).contains("0002-add-orbit.sql", "SQLSTATE 55P03", "lock timeout")
                    .as("says what it waited for (the log says it while it waits)")
                    .contains("it waited for pid " + readerPid)
                    .contains("idle in transaction", "LOCK TABLE granule IN ACCESS SHARE MODE");
        }
        assertThat(database.columns("granule")).containsExactly("id", "name");
    }

    @Test
    void aPatchReachesAStageOnlyAfterThePreviousStageAppliedItWithTheSameChecksum() throws Exception {
        TestDatabase development = TestDatabase.fresh("cli_stage_development");
        TestDatabase testing = TestDatabase.fresh("cli_stage_testing");
        TestDatabase operations = TestDatabase.fresh("cli_stage_operations");
        Path stagesFile = Files.writeString(folder.resolve("stages.properties"), """
                order=development,testing,operations
                development.granules.db=%s
                testing.granules.db=%s
                operations.granules.db=%s
                """.formatted(development.jdbcUrl(), testing.jdbcUrl(), operations.jdbcUrl()));
        Map<String, String> environment = Map.of(Stages.FILE_VARIABLE, stagesFile.toString());

        Cli tooEarly = Cli.run(environment, Cli.args("apply", patches, null, "--stage", "operations"));

        assertThat(tooEarly.exitCode()).as(tooEarly.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(tooEarly.err()).contains("0001-create-granule.sql has not been applied on testing (jdbc:postgresql:", "apply it there first");
        assertThat(operations.ledger()).isEmpty();
        assertThat(operations.columns("granule")).isEmpty();

        for (String stage : List.of("development", "testing", "operations")) {
            Cli promoted = Cli.run(Cli.args("apply", patches, null, "--stage", stage, "--stages", stagesFile.toString()));
            assertThat(promoted.exitCode()).as(promoted.toString()).isZero();
        }
        assertThat(testing.ledger()).containsExactly("0001-create-granule.sql|false|testing");
        assertThat(operations.ledger()).containsExactly("0001-create-granule.sql|false|operations");
        assertThat(operations.columns("granule")).containsExactly("id", "name");

        patches.add("0002-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit integer;");
        for (String stage : List.of("development", "testing")) {
            Cli promoted = Cli.run(environment, Cli.args("apply", patches, null, "--stage", stage));
            assertThat(promoted.exitCode()).as(promoted.toString()).isZero();
        }
        patches.write("0002-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit bigint;");

        Cli changed = Cli.run(environment, Cli.args("apply", patches, null, "--stage", "operations"));

        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(changed.err()).contains("0002-add-orbit.sql was applied on testing", "the file changed after it passed testing");
        assertThat(operations.columns("granule")).containsExactly("id", "name");
    }

    @Test
    void withoutStageADatabaseTheStagesFileNamesIsAppliedAsItsStageUnderItsPromotionRules() throws Exception {
        TestDatabase testing = TestDatabase.fresh("cli_named_testing");
        TestDatabase operations = TestDatabase.fresh("cli_named_operations");
        Map<String, String> environment = Map.of(Stages.FILE_VARIABLE, write("stages.properties", """
                order=testing,operations
                testing.granules.db=%s
                operations.granules.db=%s
                """.formatted(testing.jdbcUrl(), operations.jdbcUrl())));
        // The same database, as a DBA may well type it: other parameters, in another order.
        String operationsAsTyped = operations.jdbcUrl().replace("?user=postgres", "?ApplicationName=dba&user=postgres");

        Cli tooEarly = Cli.run(environment, Cli.args("apply", patches, operationsAsTyped));

        assertThat(tooEarly.exitCode()).as(tooEarly.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(tooEarly.err()).contains("0001-create-granule.sql has not been applied on testing (jdbc:postgresql:", "apply it there first");
        assertThat(operations.ledger()).isEmpty();
        assertThat(operations.columns("granule")).isEmpty();

        Cli first = Cli.run(environment, Cli.args("apply", patches, testing.jdbcUrl()));
        Cli promoted = Cli.run(environment, Cli.args("apply", patches, operationsAsTyped));

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(promoted.exitCode()).as(promoted.toString()).isZero();
        assertThat(promoted.out()).contains("as stage operations (the stages file names this database for it)");
        assertThat(testing.ledger()).containsExactly("0001-create-granule.sql|false|testing");
        assertThat(operations.ledger()).containsExactly("0001-create-granule.sql|false|operations");
    }

    @Test
    void aDatabaseTheStagesFileNamesForOneStageIsNotAppliedAsAnother() throws Exception {
        TestDatabase development = TestDatabase.fresh("cli_other_development");
        TestDatabase operations = TestDatabase.fresh("cli_other_operations");
        Map<String, String> environment = Map.of(Stages.FILE_VARIABLE, write("stages.properties", """
                order=development,operations
                development.granules.db=%s
                operations.granules.db=%s
                """.formatted(development.jdbcUrl(), operations.jdbcUrl())));

        Cli asDevelopment = Cli.run(environment, Cli.args("apply", patches, operations.jdbcUrl(), "--stage", "development"));

        assertThat(asDevelopment.exitCode()).as(asDevelopment.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(asDevelopment.err()).contains("names jdbc:postgresql:", "as the operations database, not development's");
        assertThat(operations.ledger()).isEmpty();
        assertThat(operations.columns("granule")).isEmpty();
    }

    @Test
    void anOlderCheckoutThanTheDatabaseIsRefusedByApplyThoughAServiceWouldStart() throws Exception {
        patches.add("0002-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit integer;");
        assertThat(apply().exitCode()).isZero();
        patches.write(org.granary.patches.PatchSet.INDEX_FILE, "0001-create-granule.sql\n");

        Cli olderCheckout = apply();

        assertThat(olderCheckout.exitCode()).as(olderCheckout.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(olderCheckout.err()).contains("0002-add-orbit.sql", "UNKNOWN", "refused, nothing was applied");
    }

    @Test
    void aStageNeedsAStagesFileThatKnowsIt() {
        Cli noFile = apply("--stage", "testing");
        Cli unknownStage = Cli.run(Map.of(Stages.FILE_VARIABLE, write("stages.properties", "order=development,testing")),
                Cli.args("apply", patches, database.jdbcUrl(), "--stage", "production"));
        Cli noPreviousDatabase = Cli.run(Map.of(Stages.FILE_VARIABLE, write("stages.properties", "order=development,testing")),
                Cli.args("apply", patches, database.jdbcUrl(), "--stage", "testing"));

        assertThat(noFile.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noFile.err()).contains("--stage needs the stages file: --stages FILE or GRANARY_PATCHES_STAGES");
        assertThat(unknownStage.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownStage.err()).contains("no stage production in the stages file's order development,testing");
        assertThat(noPreviousDatabase.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noPreviousDatabase.err()).contains("names no database for development.granules.db");
    }

    private Cli apply(String... options) {
        return Cli.run(Cli.args("apply", patches, database.jdbcUrl(), options));
    }

    private String write(String name, String text) {
        patches.write("../" + name, text);
        return folder.resolve(name).toString();
    }
}
