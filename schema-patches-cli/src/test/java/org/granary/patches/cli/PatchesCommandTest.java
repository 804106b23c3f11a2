package org.granary.patches.cli;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PatchesCommandTest {
    private static final String[] COMMANDS = {"status", "new", "plan", "apply", "verify", "baseline", "rebuild-definition", "lint"};

    @TempDir
    Path folder;

    @Test
    void helpListsEveryCommandAndTheExitCodesAndSucceeds() {
        Cli help = Cli.run("help");
        Cli option = Cli.run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: schema-patches [-h] COMMAND").contains(COMMANDS).contains("Exit codes", "64 bad usage");
        assertThat(help.err()).isEmpty();
        assertThat(option.exitCode()).isZero();
        assertThat(option.out()).isEqualTo(help.out());
    }

    @Test
    void everyCommandHasItsOwnGeneratedHelp() {
        for (String command : COMMANDS) {
            Cli help = Cli.run("help", command);
            Cli option = Cli.run(command, "--help");

            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: schema-patches " + command + " [-h]").contains("--component=NAME", "--patches=DIR",
                    "Exit codes");
            assertThat(option.exitCode()).as(command).isZero();
            assertThat(option.out()).as(command).isEqualTo(help.out());
        }
        assertThat(Cli.run("apply", "-h").out()).contains("--allow-drift", "--accept-hazards", "--stage=NAME", "--stages=FILE", "--lock-timeout=D",
                "--statement-timeout=D", "--db=JDBC_URL");
        assertThat(Cli.run("baseline", "-h").out()).contains("--up-to=PATCH", "--dry-run", "--db=JDBC_URL");
        assertThat(Cli.run("lint", "-h").out()).contains("[--patch=NAME | --all]");
        assertThat(Cli.run("new", "-h").out()).contains("--patches=DIR NAME").doesNotContain("--db");
    }

    @Test
    void badUsageExits64WithTheMessageAndTheUsageOnStandardErrorWithoutAStackTrace() {
        Cli nothing = Cli.run();
        Cli unknown = Cli.run("migrate");
        Cli badOption = Cli.run("status", "--component", "granules", "--patches", folder.toString(), "--force");
        Cli noComponent = Cli.run("status", "--patches", folder.toString());
        Cli badComponent = Cli.run("status", "--component", "Granules", "--patches", folder.toString());
        Cli twice = Cli.run("status", "--component", "granules", "--patches", folder.toString(), "--db", "jdbc:postgresql:a", "--db", "jdbc:postgresql:b");
        Cli extraWord = Cli.run("verify", "--component", "granules", "--patches", folder.toString(), "now");
        Cli badDuration = Cli.run("plan", "--component", "granules", "--patches", folder.toString(), "--lock-timeout", "10");
        Cli both = Cli.run("lint", "--component", "granules", "--patches", folder.toString(), "--patch", "0001-a.sql", "--all");
        Cli noFolder = Cli.run("status", "--component", "granules", "--patches", folder.resolve("absent").toString(), "--db", "jdbc:postgresql:x");

        assertThat(nothing.err()).startsWith("Missing required subcommand").contains("Usage: schema-patches [-h] COMMAND");
        assertThat(unknown.err()).startsWith("unknown command 'migrate'; the commands are: status, new, plan, apply, verify,"
                + " baseline, rebuild-definition, lint, help");
        assertThat(badOption.err()).startsWith("Unknown option: '--force'").contains("Usage: schema-patches status");
        assertThat(noComponent.err()).startsWith("Missing required option: '--component=NAME'");
        assertThat(badComponent.err()).startsWith("--component must be lowercase letters, digits, - and _, as the ledger names it: Granules");
        assertThat(twice.err()).startsWith("option '--db' (JDBC_URL) should be specified only once");
        assertThat(extraWord.err()).startsWith("Unmatched argument at index 5: 'now'");
        assertThat(badDuration.err()).startsWith("Invalid value for option '--lock-timeout': a duration such as 500ms, 10s, 5min or 2h is needed, not 10");
        assertThat(both.err()).startsWith("Error: --patch=NAME, --all are mutually exclusive");
        assertThat(noFolder.err()).contains("no patch folder");
        for (Cli cli : new Cli[] {nothing, unknown, badOption, noComponent, badComponent, twice, extraWord, badDuration, both, noFolder}) {
            assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(cli.out()).as(cli.toString()).isEmpty();
            assertThat(cli.err()).as(cli.toString()).doesNotContain("\tat ");
        }
    }

    @Test
    void anUnknownCommandIsNamedAsSuchWithTheCommandsAndExits64() {
        Cli frob = Cli.run("frob", "--component", "granules");
        Cli lintTypo = Cli.run("lnt");

        assertThat(frob.exitCode()).as(frob.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(frob.out()).isEmpty();
        assertThat(frob.err()).startsWith("unknown command 'frob'; the commands are: ").contains(COMMANDS)
                .contains("Usage: schema-patches [-h] COMMAND").doesNotContain("Unmatched argument", "\tat ");
        assertThat(lintTypo.err()).startsWith("unknown command 'lnt'").contains("Did you mean", "lint");
        // an unknown option, or a word after a command, is not an unknown command
        assertThat(Cli.run("--frob").err()).startsWith("Unknown option: '--frob'");
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
