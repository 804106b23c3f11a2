package org.granary.patches.cli;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BaselineIT {
    @TempDir
    Path folder;
    private PatchFiles patches;
    private TestDatabase database;

    @BeforeEach
    void aLegacyDatabaseWithTheFirstTwoPatchesRunByHand() throws Exception {
        database = TestDatabase.fresh("cli_baseline");
        patches = new PatchFiles(folder)
                .add("0001-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY, name text NOT NULL);")
                .add("0002-add-orbit.sql", "ALTER TABLE granule ADD COLUMN orbit integer;\nCREATE INDEX granule_orbit ON granule (orbit);")
                .add("0003-add-state.sql", "ALTER TABLE granule ADD COLUMN state text;");
        database.execute(patches.read("0001-create-granule.sql"));
        database.execute(patches.read("0002-add-orbit.sql"));
        database.execute("INSERT INTO granule VALUES (1, 'kept', 7)");
    }

    @Test
    void adoptsTheDatabaseUpToAPatchSoThatStatusShowsThemBaselinedAndApplyAppliesOnlyTheLaterOnes() throws Exception {
        Cli baseline = baseline("--up-to", "0002-add-orbit.sql");

        assertThat(baseline.exitCode()).as(baseline.toString()).isZero();
        assertThat(baseline.out()).contains("schema: exactly what the 2 patches up to 0002-add-orbit.sql make",
                        "done: 2 patches recorded as applied (baselined), in one transaction; apply will apply 0003-add-state.sql")
                .containsPattern("recorded +0001-create-granule\\.sql +baselined, checksum ")
                .containsPattern("recorded +0002-add-orbit\\.sql +baselined, checksum ");
        assertThat(ledgerWithBaseline()).containsExactly("0001-create-granule.sql|true|0", "0002-add-orbit.sql|true|0");

        Cli status = status();

        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCode.PENDING);
        assertThat(status.out()).contains("2 applied, 1 pending, 0 inconsistent")
                .containsPattern("0001-create-granule\\.sql +applied +baselined at .* by .* as role postgres .*\\(recorded, not run")
                .containsPattern("0002-add-orbit\\.sql +applied +baselined at ")
                .containsPattern("0003-add-state\\.sql +pending");

        Cli apply = Cli.run(Cli.args("apply", patches, database.jdbcUrl()));

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("pending: 0003-add-state.sql", "drift: none, the schema is what the 2 applied patches make",
                "done: 1 applied now, 2 before");
        assertThat(ledgerWithBaseline()).hasSize(3).last().asString().startsWith("0003-add-state.sql|false|");
        assertThat(database.columns("granule")).containsExactly("id", "name", "orbit", "state");
        assertThat(database.query("SELECT name FROM granule")).containsExactly("kept");
        assertThat(status().out()).contains("3 applied, 0 pending").containsPattern("0003-add-state\\.sql +applied +at ");
    }

    @Test
    void aDryRunShowsWhatItWouldRecordAndRecordsNothing() throws Exception {
        Cli cli = baseline("--up-to", "0002-add-orbit.sql", "--dry-run");

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("(dry run)", "dry run: nothing was recorded; without --dry-run, 2 patches are recorded as applied"
                        + " and apply will apply 0003-add-state.sql")
                .containsPattern("would record +0001-create-granule\\.sql +baselined")
                .containsPattern("would record +0002-add-orbit\\.sql +baselined");
        assertThat(database.ledger()).isEmpty();
    }

    @Test
    void refusesADatabaseThatDiffersWithItsDriftAndRecordsNothing() throws Exception {
        database.execute("ALTER TABLE granule ADD COLUMN comment text");

        Cli cli = baseline("--up-to", "0002-add-orbit.sql");

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).contains("differs in 1 way(s) from what the 2 patches up to 0002-add-orbit.sql make")
                .containsPattern("UNEXPECTED +column public\\.granule\\.comment exists in the database but no applied patch makes it")
                .contains("repair: -- this deletes the values of public.granule.comment")
                .doesNotContain("recorded ");
        assertThat(cli.err()).contains("refused, nothing was recorded", "baseline up to the patch whose schema it has");
        assertThat(database.ledger()).isEmpty();
    }

    @Test
    void upToAPatchTheDatabaseDoesNotHaveYetIsDriftToo() throws Exception {
        Cli cli = baseline("--up-to", "0003-add-state.sql");

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).containsPattern("MISSING +column public\\.granule\\.state");
        assertThat(database.ledger()).isEmpty();
    }

    @Test
    void refusesADatabaseThatHasLedgerRowsForTheComponent() throws Exception {
        database.execute("DROP TABLE granule");
        assertThat(Cli.run(Cli.args("apply", patches, database.jdbcUrl())).exitCode()).isZero();

        Cli cli = baseline("--up-to", "0002-add-orbit.sql");

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.err()).contains("refused: the ledger already has 3 patch(es) of granules, the first 0001-create-granule.sql",
                "brought up to date with apply", "Nothing was recorded");
        assertThat(ledgerWithBaseline()).hasSize(3).allSatisfy(row -> assertThat(row).contains("|false|"));
    }

    @Test
    void refusesAPatchThatPatchesAppliedDoesNotListAndNeedsUpTo() throws Exception {
        patches.write("0004-draft.sql", "SELECT 1;");

        Cli unlisted = baseline("--up-to", "0004-draft.sql");
        Cli missing = baseline();

        assertThat(unlisted.exitCode()).as(unlisted.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(unlisted.err()).contains("0004-draft.sql is not one of the patches patches_applied.txt of granules lists"
                + " (0001-create-granule.sql to 0003-add-state.sql)");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).startsWith("Missing required option: '--up-to=PATCH'");
        assertThat(database.ledger()).isEmpty();
    }

    private Cli baseline(String... options) {
        return Cli.run(Cli.args("baseline", patches, database.jdbcUrl(), options));
    }

    private Cli status() {
        return Cli.run(Cli.args("status", patches, database.jdbcUrl()));
    }

    /** {@code name|baseline|duration_ms}, in the order recorded. */
    private List<String> ledgerWithBaseline() throws Exception {
        return database.query("SELECT patch_name || '|' || baseline || '|' || duration_ms FROM granary_patches.ledger"
                + " WHERE component = '" + PatchFiles.COMPONENT + "' ORDER BY applied_at, patch_name");
    }
}
