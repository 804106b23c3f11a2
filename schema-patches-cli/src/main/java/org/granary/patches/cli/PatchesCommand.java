package org.granary.patches.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.granary.patches.PatchException;
import org.granary.patches.PatchRefusedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The DBA's command line for schema patches. {@link #main} is the executable jar's entry;
 * {@link #run} is the same without {@code System.exit}, for the ops launcher to call in-process.
 * picocli parses the command line (one class per command, options bound to its fields) and
 * writes the help; this class maps what a command throws to a message and an {@link ExitCode}.
 */
@Command(name = "schema-patches", synopsisSubcommandLabel = "COMMAND",
        description = "Keeps each database's schema exactly what its applied patches make, and proves it.",
        subcommands = {StatusCommand.class, NewPatchCommand.class, PlanCommand.class, ApplyCommand.class, VerifyCommand.class,
                BaselineCommand.class, RebuildDefinitionCommand.class, LintCommand.class, HelpCommand.class},
        footerHeading = "%n", footer = {
                "Every command takes --component NAME and --patches DIR, all but new take",
                "--db JDBC_URL (default $GRANARY_PATCHES_DB); schema-patches help COMMAND",
                "shows a command's options.",
                "",
                "Exit codes: 0 done, in step, no drift; 1 failed; 2 patches pending (status);",
                "  3 inconsistency, drift, ERROR hazard, stale definition or refusal;",
                "  4 an applied patch edited or gone (verify);",
                "  64 bad usage; 70 a bug of this tool"})
public final class PatchesCommand {
    @Mixin
    HelpOption help;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    private PatchesCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // Only here, not in run(): the launcher that calls run() in-process keeps its own logging.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command and returns its exit code; never exits the JVM. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return commandLine(environment, out, err).execute(args.toArray(String[]::new));
    }

    /** The parser of every command, writing to {@code out} and {@code err}; bad usage exits {@value ExitCode#USAGE}. */
    static CommandLine commandLine(Map<String, String> environment, PrintStream out, PrintStream err) {
        return new CommandLine(new PatchesCommand(environment, out, err))
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .setOut(writer(out))
                .setErr(writer(err))
                .setParameterExceptionHandler((exception, arguments) -> badUsage(exception))
                .setExecutionExceptionHandler((exception, command, parsed) -> failure(exception, err));
    }

    /**
     * The help of {@code command}'s options but {@code --component}, {@code --patches} and
     * {@code --help}, for a caller that gives those itself (the ops launcher lists them in its own help).
     */
    public static String optionsHelp(String command) {
        CommandLine subcommand = commandLine(Map.of(), System.out, System.err).getSubcommands().get(command);
        if (subcommand == null) {
            throw new IllegalArgumentException("no command " + command);
        }
        List<OptionSpec> options = subcommand.getCommandSpec().options().stream()
                .filter(option -> !Set.of("--component", "--patches", "--help").contains(option.longestName())).toList();
        return subcommand.getHelp().optionListExcludingGroups(options);
    }

    Invocation invocation(FolderOptions folder, Optional<String> database) {
        return new Invocation(folder.command.name(), folder.component, folder.folder, database, environment, out, err);
    }

    /** What was wrong, picocli's suggestions if it has some, and the usage of the command. */
    private static int badUsage(ParameterException exception) {
        CommandLine command = exception.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(unknownCommand(exception, command).orElse(exception.getMessage()));
        UnmatchedArgumentException.printSuggestions(exception, err);
        command.usage(err);
        return ExitCode.USAGE;
    }

    /** A word where a command is expected, said as such rather than as picocli's "Unmatched argument at index 0". */
    private static Optional<String> unknownCommand(ParameterException exception, CommandLine command) {
        if (!(exception instanceof UnmatchedArgumentException unmatched) || command.getParent() != null || unmatched.getUnmatched().isEmpty()
                || unmatched.getUnmatched().getFirst().startsWith("-")) {
            return Optional.empty();
        }
        return Optional.of("unknown command '" + unmatched.getUnmatched().getFirst() + "'; the commands are: "
                + String.join(", ", command.getSubcommands().keySet()));
    }

    private static int failure(Exception exception, PrintStream err) {
        return switch (exception) {
            case CommandFailure failure -> {
                err.println(failure.getMessage() + (failure.exitCode() == ExitCode.USAGE ? "\nschema-patches help shows the usage" : ""));
                yield failure.exitCode();
            }
            case PatchRefusedException refused -> {
                err.println("refused: " + refused.getMessage());
                yield ExitCode.INCONSISTENT;
            }
            case PatchException failed -> {
                err.println("failed: " + failed.getMessage());
                yield ExitCode.FAILED;
            }
            case SQLException database -> {
                err.println("failed: database error (SQLSTATE " + database.getSQLState() + "): " + database.getMessage());
                yield ExitCode.FAILED;
            }
            case IOException input -> inputFailed(input, err);
            case UncheckedIOException input -> inputFailed(input, err);
            default -> {
                err.println("internal error of schema-patches, please report it with this trace:");
                exception.printStackTrace(err);
                yield ExitCode.INTERNAL_ERROR;
            }
        };
    }

    private static int inputFailed(Exception input, PrintStream err) {
        err.println("failed: " + input.getMessage() + (input.getCause() == null ? "" : ": " + input.getCause().getMessage()));
        return ExitCode.FAILED;
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, stream.charset()), true);
    }
}
