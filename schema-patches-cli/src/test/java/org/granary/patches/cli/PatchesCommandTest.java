package org.granary.patches.cli;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PatchesCommandTest {
    @TempDir
    Path folder;

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        Cli cli = Cli.run("help");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).startsWith("Usage: schema-patches COMMAND").contains("rebuild-definition", "--allow-drift", "Exit codes");
    }

    @Test
    void badUsageExits64WithoutAStackTrace() {
        Cli nothing = Cli.run();
        Cli unknown = Cli.run("migrate");
        Cli badOption = Cli.run("status", "--component", "granules", "--patches", folder.toString(), "--force");
        Cli noComponent = Cli.run("status", "--patches", folder.toString());
        Cli noFolder = Cli.run("status", "--component", "granules", "--patches", folder.resolve("absent").toString());

        assertThat(nothing.exitCode()).isEqualTo(64);
        assertThat(nothing.err()).startsWith("Usage:");
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.err()).contains("unknown command migrate");
        assertThat(badOption.exitCode()).isEqualTo(64);
        assertThat(badOption.err()).contains("unknown option --force for status");
        assertThat(noComponent.exitCode()).isEqualTo(64);
        assertThat(noComponent.err()).contains("status needs --component");
        assertThat(noFolder.exitCode()).isEqualTo(64);
        assertThat(noFolder.err()).contains("no patch folder");
        assertThat(String.join("", nothing.err(), unknown.err(), badOption.err(), noComponent.err(), noFolder.err())).doesNotContain("\tat ");
    }

    @Test
    void theDatabaseComesFromDbOrElseTheEnvironment() {
        String[] status = {"status", "--component", "granules", "--patches", folder.toString()};

        Cli neither = Cli.run(status);
        Cli fromEnvironment = Cli.run(Map.of("GRANARY_PATCHES_DB", "jdbc:postgresql://127.0.0.1:1/from_env?password=secret"), status);
        Cli notPostgres = Cli.run(Map.of("GRANARY_PATCHES_DB", "jdbc:mysql://db/x"), status);

        assertThat(neither.exitCode()).isEqualTo(64);
        assertThat(neither.err()).contains("status needs the database: --db JDBC_URL or GRANARY_PATCHES_DB");
        assertThat(fromEnvironment.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(fromEnvironment.err()).contains("cannot connect to jdbc:postgresql://127.0.0.1:1/from_env?password=***")
                .doesNotContain("secret");
        assertThat(notPostgres.exitCode()).isEqualTo(64);
    }
}
