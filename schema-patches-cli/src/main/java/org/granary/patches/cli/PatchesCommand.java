package org.granary.patches.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.granary.patches.PatchException;
import org.granary.patches.PatchRefusedException;

/**
 * The DBA's command line for schema patches. {@link #main} is the executable jar's entry;
 * {@link #run} is the same without {@code System.exit}, for the ops launcher to call in-process.
 */
public final class PatchesCommand {
    static final String USAGE = """
            Usage: schema-patches COMMAND --component NAME --patches DIR [--db JDBC_URL] [OPTIONS]

            Keeps each database's schema exactly what its applied patches make, and proves it.

            Commands:
              status              patch files, patches_applied.txt and the database's ledger compared
              new NAME            create the next numbered patch file (NAME: lowercase-words) and list it
              plan                print the SQL apply would run, patch by patch, with lint findings
              apply               apply the pending patches, after checking drift, hazards and promotion
              verify              compare the schema with what the applied patches make; who drifted it; repairs
              rebuild-definition  write schema_definition.sql in the patch folder from the listed patches
              lint                hazards of the pending patches, judged with the database's table sizes
              help                this text

            Every command:
              --component NAME    the component (service) the patches belong to, as its ledger names it
              --patches DIR       the component's patch folder, with patches_applied.txt
              --db JDBC_URL       the target database (default $GRANARY_PATCHES_DB; new needs none;
                                  rebuild-definition uses its server for a scratch database)
            plan, apply:
              --lock-timeout D       per statement, how long to wait for a lock (default 10s)
              --statement-timeout D  per statement, how long it may run (default 30min); D: 500ms 10s 5min 2h
            apply:
              --stage NAME        apply as this stage; each pending patch must be applied on the previous stage
              --stages FILE       stages file (default $GRANARY_PATCHES_STAGES): order=development,testing,operations
                                  and <stage>.<component>.db=JDBC_URL; --db defaults to the stage's database
              --allow-drift       apply although the schema drifted or an applied patch was edited (recorded)
              --accept-hazards    apply although lint finds ERROR hazards
            lint:
              --patch NAME        lint this patch file only, applied or not
              --all               lint every listed patch
            rebuild-definition:
              --check             compare instead of writing; exit 3 when the file is stale

            Exit codes: 0 done, in step, no drift; 1 failed; 2 patches pending (status);
                        3 inconsistency, drift, ERROR hazard, stale definition or refusal; 64 bad usage
            """;

    private static final Set<String> COMMON = Set.of("component", "patches", "db");
    private static final Set<String> TIMEOUTS = Set.of("lock-timeout", "statement-timeout");

    @FunctionalInterface
    private interface Runner {
        int run(Invocation invocation) throws SQLException, IOException;
    }

    private record Spec(Set<String> values, Set<String> flags, Runner runner) {
        Spec(Runner runner) {
            this(COMMON, Set.of(), runner);
        }

        static Spec with(Set<String> values, Set<String> flags, Runner runner) {
            return new Spec(union(COMMON, values), flags, runner);
        }
    }

    private static final Map<String, Spec> COMMANDS = Map.of(
            "status", new Spec(StatusCommand::run),
            "new", new Spec(NewPatchCommand::run),
            "plan", Spec.with(TIMEOUTS, Set.of(), PlanCommand::run),
            "apply", Spec.with(union(TIMEOUTS, Set.of("stage", "stages")), Set.of("allow-drift", "accept-hazards"), ApplyCommand::run),
            "verify", new Spec(VerifyCommand::run),
            "rebuild-definition", Spec.with(Set.of(), Set.of("check"), RebuildDefinitionCommand::run),
            "lint", Spec.with(Set.of("patch"), Set.of("all"), LintCommand::run));

    private PatchesCommand() {
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
        if (args.isEmpty()) {
            err.print(USAGE);
            return ExitCode.USAGE;
        }
        String command = args.getFirst();
        if (List.of("help", "--help", "-h").contains(command) || args.contains("--help")) {
            out.print(USAGE);
            return ExitCode.OK;
        }
        Spec spec = COMMANDS.get(command);
        if (spec == null) {
            err.println("unknown command " + command + "; schema-patches help lists them");
            return ExitCode.USAGE;
        }
        try {
            CommandLine line = CommandLine.parse(command, args.subList(1, args.size()), spec.values(), spec.flags());
            return spec.runner().run(new Invocation(line, environment, out, err));
        } catch (CommandFailure e) {
            err.println(e.getMessage() + (e.exitCode() == ExitCode.USAGE ? "\nschema-patches help shows the usage" : ""));
            return e.exitCode();
        } catch (PatchRefusedException e) {
            err.println("refused: " + e.getMessage());
            return ExitCode.INCONSISTENT;
        } catch (PatchException e) {
            err.println("failed: " + e.getMessage());
            return ExitCode.FAILED;
        } catch (SQLException e) {
            err.println("failed: database error (SQLSTATE " + e.getSQLState() + "): " + e.getMessage());
            return ExitCode.FAILED;
        } catch (IOException | UncheckedIOException e) {
            err.println("failed: " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
            return ExitCode.FAILED;
        } catch (RuntimeException e) {
            err.println("internal error of schema-patches, please report it with this trace:");
            e.printStackTrace(err);
            return ExitCode.INTERNAL_ERROR;
        }
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        return Stream.concat(first.stream(), second.stream()).collect(Collectors.toUnmodifiableSet());
    }
}
