package org.granary.patches.cli;

import java.nio.file.Path;
import org.granary.patches.PatchSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StatusAndPlanIT {
    @TempDir
    Path folder;
    private PatchFiles patches;
    private TestDatabase database;

    @BeforeEach
    void twoPatches() {
        database = TestDatabase.fresh("cli_status");
        patches = new PatchFiles(folder)
                .add("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY, name text);")
                .add("0002-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit integer;");
    }

    @Test
    void statusExits2WhilePatchesArePendingAnd0InStep() {
        Cli before = status();
        Cli apply = Cli.run(Cli.args("apply", patches, database.jdbcUrl()));
        Cli after = status();

        assertThat(before.exitCode()).as(before.toString()).isEqualTo(ExitCode.PENDING);
        assertThat(before.out()).contains("0 applied, 2 pending, 0 inconsistent")
                .containsPattern("0001-create-granule\\.sql +pending").containsPattern("0002-add-orbit\\.sql +pending");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).contains("2 applied, 0 pending").containsPattern("0002-add-orbit\\.sql +applied +at .* by ").contains("in step");
    }

    @Test
    void statusExits3OnAnEditedPatchAPatchUnknownToGitAndAnUnlistedFile() {
        assertThat(Cli.run(Cli.args("apply", patches, database.jdbcUrl())).exitCode()).isZero();
        patches.write("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY, name text, edited int);")
                .write(PatchSet.INDEX_FILE, "0001-create-granule.sql\n")
                .write("0003-draft.sql", "SELECT 1;");

        Cli cli = status();

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).containsPattern("0001-create-granule\\.sql +EDITED +edited after it was applied")
                .containsPattern("0002-add-orbit\\.sql +UNKNOWN +applied here .* does not list it \\(the file is there\\)")
                .containsPattern("0003-draft\\.sql +UNLISTED +file present")
                .contains("3 inconsistent");
    }

    @Test
    void planPrintsTheStatementsApplyWouldRunWithTheirSettingsAndLintFindingsAndChangesNothing() throws Exception {
        assertThat(Cli.run(Cli.args("apply", patches, database.jdbcUrl())).exitCode()).isZero();
        database.execute("INSERT INTO granule VALUES (1, 'first')");
        patches.add("0003-drop-name.sql", "ALTER TABLE granule DROP COLUMN name;\nALTER TABLE granule ADD COLUMN size_bytes bigint;")
                .add("0004-index-orbit.sql", "-- patch: non-transactional\nCREATE INDEX CONCURRENTLY granule_orbit ON granule (orbit);");

        Cli cli = Cli.run(Cli.args("plan", patches, database.jdbcUrl(), "--lock-timeout", "3s", "--statement-timeout", "5min"));

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("""
                -- 0003-drop-name.sql: in one transaction, with its ledger row
                BEGIN;
                SET LOCAL lock_timeout = '3s';
                SET LOCAL statement_timeout = '5min';
                SELECT set_config('granary.patch', '0003-drop-name.sql', true);
                ALTER TABLE granule DROP COLUMN name;
                ALTER TABLE granule ADD COLUMN size_bytes bigint;
                -- records 0003-drop-name.sql in granary_patches.ledger: component granules, checksum\s""");
        assertThat(cli.out()).contains("""
                COMMIT;
                -- lint: 0 ERROR, 1 WARNING
                -- 0003-drop-name.sql  statement 1  WARNING  destructive change  ALTER TABLE granule DROP COLUMN name""");
        assertThat(cli.out()).contains("""
                -- 0004-index-orbit.sql: non-transactional, each statement commits on its own; after a failure those before it stay applied
                SET lock_timeout = '3s';
                SET statement_timeout = '5min';
                SELECT set_config('granary.patch', '0004-index-orbit.sql', false);
                -- patch: non-transactional
                CREATE INDEX CONCURRENTLY granule_orbit ON granule (orbit);
                RESET lock_timeout;
                RESET statement_timeout;
                RESET granary.patch;
                -- records 0004-index-orbit.sql""");
        assertThat(cli.out()).contains("-- lint: no hazards found");
        assertThat(cli.out().indexOf("0003-drop-name.sql: in one")).isLessThan(cli.out().indexOf("0004-index-orbit.sql: non"));
        assertThat(database.columns("granule")).containsExactly("id", "name", "orbit");
        assertThat(database.ledger()).hasSize(2);
    }

    @Test
    void planExits3WhenApplyWouldRefuse() throws Exception {
        assertThat(Cli.run(Cli.args("apply", patches, database.jdbcUrl())).exitCode()).isZero();
        database.execute("INSERT INTO granule VALUES (1, 'first')");
        patches.add("0003-add-state.sql", "ALTER TABLE granule ADD COLUMN state text NOT NULL;");

        Cli cli = Cli.run(Cli.args("plan", patches, database.jdbcUrl()));

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).contains("0003-add-state.sql  statement 1  ERROR  not null column without default")
                .contains("-- apply would refuse: 1 ERROR hazard(s), unless given --accept-hazards");
    }

    private Cli status() {
        return Cli.run(Cli.args("status", patches, database.jdbcUrl()));
    }
}
