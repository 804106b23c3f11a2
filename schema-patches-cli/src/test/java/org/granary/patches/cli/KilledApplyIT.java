package org.granary.patches.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executable jar SIGKILLed in the middle of a patch: the patch is rolled back, its lock is
 * freed within seconds (not when the running statement ends), and the next apply goes through.
 */
class KilledApplyIT {
    private static final Path JAR = Path.of("target", "schema-patches-cli-exec.jar");

    @TempDir
    Path folder;

    @Test
    void anApplyKilledMidPatchLeavesNeitherThePatchNorALockBehind() throws Exception {
        TestDatabase database = TestDatabase.fresh("killed_apply");
        PatchFiles patches = new PatchFiles(folder)
                .add("0001-create-orbit.sql", "CREATE TABLE orbit (number int PRIMARY KEY);")
                .add("0002-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);\nSELECT pg_sleep(600);");
        assertThat(JAR).as("built by mvn package before the integration tests").isRegularFile();
        Process apply = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-jar", JAR.toString(),
                "apply", "--component", PatchFiles.COMPONENT, "--patches", folder.toString(), "--db", database.jdbcUrl())
                .redirectErrorStream(true).redirectOutput(folder.resolve("apply.log").toFile()).start();
        awaitTrue(() -> !database.query("SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(600)%' AND pid <> pg_backend_pid()").isEmpty(),
                "the second patch running");

        apply.destroyForcibly();
        assertThat(apply.waitFor(10, TimeUnit.SECONDS)).isTrue();

        awaitTrue(() -> database.query("SELECT pid FROM pg_locks WHERE locktype = 'advisory'").isEmpty(), "the advisory lock freed");
        assertThat(database.ledger()).containsExactly("0001-create-orbit.sql|false|-");
        assertThat(database.query("SELECT to_regclass('public.granule')::text")).containsOnlyNulls();

        patches.write("0002-create-granule.sql", "CREATE TABLE granule (id bigint PRIMARY KEY);");
        Cli again = Cli.run(Cli.args("apply", patches, database.jdbcUrl()));

        assertThat(again.exitCode()).as(again + Files.readString(folder.resolve("apply.log"))).isZero();
        assertThat(database.ledger()).containsExactly("0001-create-orbit.sql|false|-", "0002-create-granule.sql|false|-");
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Condition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.holds()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
