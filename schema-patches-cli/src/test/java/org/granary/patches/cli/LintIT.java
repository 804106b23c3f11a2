package org.granary.patches.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** One database for the class: a table of a million rows is slow to make, and no test changes it but the last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LintIT {
    @TempDir
    static Path folder;
    private static TestDatabase database;
    private static PatchFiles patches;

    @BeforeAll
    static void aMillionGranulesAndAnEmptyCollection() throws Exception {
        database = TestDatabase.fresh("cli_lint");
        patches = new PatchFiles(folder).add("0001-create-tables.sql", """
                CREATE TABLE granule (id bigint PRIMARY KEY, orbit integer);
                CREATE TABLE collection (id bigint PRIMARY KEY, name text);
                """);
        assertThat(Cli.run(Cli.args("apply", patches, database.jdbcUrl())).exitCode()).isZero();
        database.execute("INSERT INTO granule SELECT g, g % 5000 FROM generate_series(1, 1000000) g; ANALYZE granule");
    }

    @Test
    void flagsCreateIndexWithoutConcurrentlyOnTheMillionRowTable() {
        patches.write("0002-index-orbit.sql", "CREATE INDEX granule_orbit ON granule (orbit);");

        Cli cli = lint("--patch", "0002-index-orbit.sql");

        assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(cli.out()).contains("lint of 0002-index-orbit.sql of granules", ": 1 ERROR, 0 WARNING")
                .containsPattern("0002-index-orbit\\.sql +statement 1 +ERROR +blocking index build +CREATE INDEX granule_orbit ON granule \\(orbit\\)")
                .containsPattern("granule holds ~1,0\\d\\d,\\d{3} rows|granule holds ~9\\d\\d,\\d{3} rows")
                .contains("safer: Build it without blocking writes", "CREATE INDEX CONCURRENTLY granule_orbit ON granule (orbit);");
    }

    @Test
    void isQuietOnTheEmptyTable() {
        patches.write("0002-index-name.sql", "CREATE INDEX collection_name ON collection (name);");

        Cli cli = lint("--patch", "0002-index-name.sql");

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.out()).contains(": 0 ERROR, 0 WARNING").doesNotContain("statement 1");
    }

    @Test
    void warnsOfAnUnbatchedUpdateOfTheMillionRowTableAndTakesThresholdsFromTheCommandLine() {
        patches.write("0002-renumber.sql", "UPDATE granule SET orbit = orbit + 1 WHERE orbit > 100;\nCREATE INDEX granule_orbit ON granule (orbit);");

        Cli defaults = lint("--patch", "0002-renumber.sql");
        Cli lenient = lint("--patch", "0002-renumber.sql", "--large-change-rows", "2000000", "--large-table-rows", "2000000");
        Cli negative = lint("--patch", "0002-renumber.sql", "--large-change-rows=-1");

        assertThat(defaults.exitCode()).as(defaults.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(defaults.out()).contains(": 1 ERROR, 1 WARNING")
                .containsPattern("statement 1 +WARNING +large data change +UPDATE granule")
                .contains("AND id >= 1 AND id < 50001;");
        assertThat(lenient.exitCode()).as(lenient.toString()).isZero();
        assertThat(lenient.out()).contains(": 0 ERROR, 0 WARNING");
        assertThat(negative.exitCode()).as(negative.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(negative.err()).contains("thresholds must not be negative");
        assertThat(Cli.run("plan", "-h").out()).contains("--large-table-rows=N", "--large-change-rows=N");
        assertThat(Cli.run("apply", "-h").out()).contains("--large-table-rows=N", "--large-change-rows=N");
    }

    @Test
    void lintsThePendingPatchesByDefaultAndEveryListedOneWithAll() {
        Cli nothingPending = lint();
        Cli all = lint("--all");

        assertThat(nothingPending.exitCode()).isZero();
        assertThat(nothingPending.out()).contains("lint of the pending 0 patch(es)");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).contains("lint of all 1 patch(es)");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void applyRefusesAnErrorHazardUnlessAccepted() throws Exception {
        patches.add("0003-index-orbit.sql", "CREATE INDEX granule_orbit ON granule (orbit);");

        Cli refused = Cli.run(Cli.args("apply", patches, database.jdbcUrl()));

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.INCONSISTENT);
        assertThat(refused.out()).contains("lint: 1 ERROR, 0 WARNING").contains("blocking index build");
        assertThat(refused.err()).contains("1 ERROR hazard(s) in the pending patches", "--accept-hazards");
        assertThat(database.query("SELECT indexname FROM pg_indexes WHERE tablename = 'granule'")).containsExactly("granule_pkey");

        Cli accepted = Cli.run(Cli.args("apply", patches, database.jdbcUrl(), "--accept-hazards"));

        assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
        assertThat(accepted.out()).contains("(accepted with --accept-hazards)");
        assertThat(database.query("SELECT indexname FROM pg_indexes WHERE tablename = 'granule' ORDER BY 1"))
                .containsExactly("granule_orbit", "granule_pkey");
    }

    private Cli lint(String... options) {
        return Cli.run(Cli.args("lint", patches, database.jdbcUrl(), options));
    }
}
