package org.granary.ops.launcher;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.granary.ops.archive.ArchiveCommandLine;
import org.granary.ops.legacy.LegacyCommandLine;
import org.granary.ops.legacy.LegacyDemoRows;
import org.granary.ops.patches.PatchesCommands;
import org.granary.ops.sync.SyncCommandLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of {@code ops/granary}; the script finds a JDK, builds what is missing and calls
 * this. picocli parses the command line; each command returns its exit code, bad usage exits 2
 * (64 under {@code patches}, as the schema-patches tool does), a failure 1.
 */
@Command(name = "ops/granary", synopsisSubcommandLabel = "COMMAND", description = "Runs the whole Granary platform on this machine.",
        subcommands = {Granary.Up.class, Granary.Down.class, Granary.Status.class, Granary.Environment.class},
        footerHeading = "%n", footer = {
                "The script itself runs `ops/granary test [MAVEN OPTIONS]`: the whole test suite (mvn verify).",
                "",
                "Environment: GRANARY_HOME (state, default ./var), GRANARY_DB_URL (external",
                "  PostgreSQL), GRANARY_DB_PORT (embedded PostgreSQL, default 15432),",
                "  GRANARY_DB_STANDBY_PORT (its streaming standby, default the port + 1),",
                "  GRANARY_<SERVICE>_PORT, GRANARY_JAVA_OPTS, GRANARY_SKIP_BUILD (1: run the",
                "  jars as they are), GRANARY_START_TIMEOUT_SECONDS (default 180)"})
public final class Granary {
    private static final int FAILED = 1;

    private final Launcher launcher;

    private Granary(Launcher launcher) {
        this.launcher = launcher;
    }

    public static void main(String[] arguments) {
        Path root = Path.of(System.getProperty("granary.root", "."));
        int code;
        try {
            Launcher launcher = new Launcher(PlatformSettings.fromEnvironment(root, System.getenv()), System.out);
            code = commandLine(launcher, System.out, System.err).execute(arguments);
        } catch (RuntimeException e) {
            System.err.println("granary: " + e.getMessage());
            code = FAILED;
        }
        System.exit(code);
    }

    /** Every command of {@code ops/granary} on {@code launcher}, writing help to {@code out} and errors to {@code err}. */
    static CommandLine commandLine(Launcher launcher, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new Granary(launcher))
                .addSubcommand(new ArchiveCommandLine(launcher::archiveCommands))
                .addSubcommand(PatchesCommands.commandLine(launcher.patchTargets(), out, err))
                .addSubcommand(new LegacyCommandLine(launcher::legacyUrl, out))
                .addSubcommand(new SyncCommandLine(launcher::syncCommands))
                .addSubcommand(new HelpCommand());
        addHelpOptions(commandLine);
        return commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .setOut(writer(out))
                .setErr(writer(err))
                .setParameterExceptionHandler((exception, arguments) -> badUsage(exception))
                .setExecutionExceptionHandler((exception, command, parsed) -> {
                    err.println("granary: " + exception.getMessage());
                    return FAILED;
                });
    }

    /** What was wrong, picocli's suggestions if it has some, and the usage of the command; exit 2 (64 under {@code patches}). */
    private static int badUsage(ParameterException exception) {
        CommandLine command = exception.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(unknownCommand(exception, command).orElse(exception.getMessage()));
        UnmatchedArgumentException.printSuggestions(exception, err);
        command.usage(err);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A word where a command of {@code command} is expected, said as such rather than as picocli's "Unmatched argument at index 1". */
    private static Optional<String> unknownCommand(ParameterException exception, CommandLine command) {
        if (!(exception instanceof UnmatchedArgumentException unmatched) || command.getSubcommands().isEmpty()
                || unmatched.getUnmatched().isEmpty() || unmatched.getUnmatched().getFirst().startsWith("-")) {
            return Optional.empty();
        }
        return Optional.of("unknown command '" + unmatched.getUnmatched().getFirst() + "'; the commands of "
                + command.getCommandSpec().qualifiedName() + " are: " + String.join(", ", command.getSubcommands().keySet()));
    }

    /** {@code -h}/{@code --help} on every command that has none (picocli's {@code help} command has its own). */
    private static void addHelpOptions(CommandLine commandLine) {
        CommandSpec command = commandLine.getCommandSpec();
        if (command.findOption("--help") == null) {
            command.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
        }
        commandLine.getSubcommands().values().forEach(Granary::addHelpOptions);
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, stream.charset()), true);
    }

    @Command(name = "up", description = "run the platform; in the foreground until Ctrl-C, unless -d")
    static final class Up implements Callable<Integer> {
        @ParentCommand
        Granary granary;
        @Option(names = "-d", description = "in the background: return once every service is healthy")
        boolean detach;
        @Option(names = "--demo", description = "also load the demo data: a token of each role, the demo PGEs and a day of OMI level 0, "
                + "then wait until the planner made its level 1B, 2 and 3")
        boolean demo;
        @Option(names = "--legacy-rows", paramLabel = "N", description = "with --demo: about how many rows an empty granary_legacy gets "
                + "(default ${DEFAULT-VALUE}: some 3.5 years of orbits; more for benchmarks)")
        long legacyRows = LegacyDemoRows.DEFAULT_ROWS;

        @Override
        public Integer call() throws Exception {
            return granary.launcher.up(detach, demo, legacyRows);
        }
    }

    @Command(name = "down", description = "stop every service, the embedded PostgreSQL and its standby")
    static final class Down implements Callable<Integer> {
        @ParentCommand
        Granary granary;

        @Override
        public Integer call() throws Exception {
            return granary.launcher.down();
        }
    }

    @Command(name = "status", description = "each service, its URL, pid and health, the database and its standby (exit 0 when all are up, 3 otherwise)")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        Granary granary;

        @Override
        public Integer call() {
            return granary.launcher.status();
        }
    }

    @Command(name = "env", description = {"export lines for eval \"$(ops/granary env)\": URLs, databases, admin token file"})
    static final class Environment implements Callable<Integer> {
        @ParentCommand
        Granary granary;

        @Override
        public Integer call() {
            return granary.launcher.env();
        }
    }
}
