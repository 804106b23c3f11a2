package org.granary.ops.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's command line: help, refusals and bound options, without running any command. */
class GranaryTest {
    private static final List<String> COMMANDS = List.of("up", "down", "status", "env", "archive", "sync", "patches");

    @TempDir
    Path root;

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void helpListsEveryCommandAndTheEnvironment() {
        Run help = run("help");
        Run option = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: ops/granary [-h] COMMAND").contains(COMMANDS)
                .contains("ops/granary test", "GRANARY_HOME", "GRANARY_DB_URL", "GRANARY_START_TIMEOUT_SECONDS");
        assertThat(option.exitCode()).isZero();
        assertThat(option.out()).isEqualTo(help.out());
    }

    @Test
    void everyCommandHasItsOwnGeneratedHelp() {
        for (List<String> command : List.of(List.of("up"), List.of("down"), List.of("status"), List.of("env"), List.of("archive"),
                List.of("archive", "map"), List.of("archive", "volumes"), List.of("archive", "add-node"), List.of("archive", "drain"),
                List.of("archive", "remove-node"), List.of("archive", "rebalance"), List.of("archive", "scrub"), List.of("archive", "audit"),
                List.of("sync"), List.of("sync", "status"), List.of("sync", "reconcile"), List.of("sync", "repair"), List.of("sync", "drop-slot"),
                List.of("patches"), List.of("patches", "status"), List.of("patches", "verify"), List.of("patches", "lint"),
                List.of("patches", "plan"), List.of("patches", "apply"), List.of("patches", "new"), List.of("patches", "rebuild-definition"))) {
            String name = String.join(" ", command);
            Run help = run(concat(command, "--help"));

            assertThat(help.exitCode()).as(name).isZero();
            assertThat(help.out()).as(name).startsWith("Usage: ops/granary " + name + " ");
            assertThat(help.err()).as(name).isEmpty();
        }
        assertThat(run("up", "-h").out()).contains("-d ", "--demo");
        assertThat(run("help", "env").out()).contains("eval");
        assertThat(run("sync", "--help").out()).contains("status", "reconcile", "repair", "drop-slot", "3 reconcile found differences");
        assertThat(run("sync", "reconcile", "--help").out()).contains("--esdt=E", "--from=T", "--to=T");
        assertThat(run("patches", "apply", "--help").out()).startsWith("Usage: ops/granary patches apply [TARGET] [OPTION...]")
                .contains("Targets: auth, ingest-service, archive-1, archive-2.", "--allow-drift", "--lock-timeout=D", "--db=JDBC_URL")
                .doesNotContain("--component", "--patches=DIR");
    }

    @Test
    void unknownCommandsAndOptionsExit2WithTheMessageAndTheUsageOnStandardError() {
        Run nothing = run();
        Run unknown = run("start");
        Run unknownOption = run("up", "--detach");
        Run extraWord = run("down", "now");
        Run archiveUnknown = run("archive", "rebalance", "--fast");
        Run archiveMissing = run("archive", "audit");
        Run badNumber = run("archive", "add-node", "archive-3", "http://x:1", "--weight", "heavy");

        assertThat(nothing.err()).startsWith("Missing required subcommand").contains("Usage: ops/granary [-h] COMMAND");
        assertThat(unknown.err()).startsWith("unknown command 'start'; the commands of ops/granary are: ").contains("up, ", "patches");
        assertThat(unknownOption.err()).startsWith("Unknown option: '--detach'").contains("Possible solutions: --demo", "Usage: ops/granary up");
        assertThat(extraWord.err()).startsWith("Unmatched argument at index 1: 'now'");
        assertThat(archiveUnknown.err()).startsWith("Unknown option: '--fast'").contains("Usage: ops/granary archive rebalance");
        assertThat(archiveMissing.err()).startsWith("Missing required parameter: 'CHECKSUM'");
        assertThat(badNumber.err()).startsWith("Invalid value for option '--weight': 'heavy' is not a double");
        for (Run refused : List.of(nothing, unknown, unknownOption, extraWord, archiveUnknown, archiveMissing, badNumber)) {
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
            assertThat(refused.out()).as(refused.err()).isEmpty();
        }
    }

    @Test
    void badUsageOfPatchesExits64AsTheSchemaPatchesToolDoes() {
        Run nothing = run("patches");
        Run unknown = run("patches", "migrate");
        Run noTarget = run("patches", "new");
        Run unknownTarget = run("patches", "status", "archive-9");

        assertThat(nothing.err()).startsWith("Missing required subcommand");
        assertThat(unknown.err()).startsWith("unknown command 'migrate'; the commands of ops/granary patches are: status, verify, lint, plan,"
                + " apply, new, rebuild-definition, help");
        assertThat(run("patches", "frob").err()).startsWith("unknown command 'frob'");
        assertThat(noTarget.err()).startsWith("patches new needs a target: auth, ingest-service, archive-1, archive-2");
        assertThat(unknownTarget.err()).startsWith("no patch target archive-9; targets: auth, ingest-service, archive-1, archive-2");
        for (Run refused : List.of(nothing, unknown, noTarget, unknownTarget)) {
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(64);
        }
    }

    @Test
    void upTakesDetachAndDemo() {
        Granary.Up both = parse(Granary.Up.class, "up", "-d", "--demo");
        Granary.Up neither = parse(Granary.Up.class, "up");

        assertThat(both.detach).isTrue();
        assertThat(both.demo).isTrue();
        assertThat(neither.detach).isFalse();
        assertThat(neither.demo).isFalse();
        assertThat(parse(Object.class, "down")).isInstanceOf(Granary.Down.class);
        assertThat(parse(Object.class, "status")).isInstanceOf(Granary.Status.class);
        assertThat(parse(Object.class, "env")).isInstanceOf(Granary.Environment.class);
    }

    private Launcher launcher() {
        try {
            for (String module : List.of("ingest-service", "archive-store")) {
                Files.createDirectories(root.resolve(module));
                Files.writeString(root.resolve(module).resolve("pom.xml"), "<project/>");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new Launcher(PlatformSettings.fromEnvironment(root, Map.of("GRANARY_HOME", root.resolve("var").toString())), discard);
    }

    private Run run(String... arguments) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exitCode;
        try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8); var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = Granary.commandLine(launcher(), outStream, errStream).execute(arguments);
        }
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command object picocli bound the arguments to. */
    private <T> T parse(Class<T> type, String... arguments) {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine.ParseResult parsed = Granary.commandLine(launcher(), discard, discard).parseArgs(arguments);
        return type.cast(parsed.subcommand().commandSpec().userObject());
    }

    private static String[] concat(List<String> command, String last) {
        return Stream.concat(command.stream(), Stream.of(last)).toArray(String[]::new);
    }
}
