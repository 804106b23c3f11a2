package org.granary.ops.patches;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.granary.patches.cli.PatchesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ops/granary patches COMMAND [TARGET] [OPTION...]}: the DBA tool (schema-patches-cli) run
 * against the databases of this platform, so that nobody types a component, a folder and a JDBC
 * URL. Without a target, the commands that only read (status, verify, lint, plan) and apply run
 * for every target in turn; the exit code is the worst of them. The options after the target go
 * to the tool, which refuses those it does not know; bad usage exits 64, as the tool does.
 */
@Command(name = "patches", synopsisSubcommandLabel = "COMMAND", description = "the DBA tool (schema-patches) on the platform's databases",
        subcommands = {PatchesCommands.Status.class, PatchesCommands.Verify.class, PatchesCommands.Lint.class, PatchesCommands.Plan.class,
                PatchesCommands.Apply.class, PatchesCommands.New.class, PatchesCommands.RebuildDefinition.class, HelpCommand.class})
public final class PatchesCommands {
    /** Bad usage, as the schema-patches tool exits on it (sysexits' EX_USAGE). */
    public static final int USAGE = 64;
    private static final Set<String> EVERY_TARGET_COMMANDS = Set.of("status", "verify", "lint", "plan", "apply");

    private final List<PatchTarget> targets;
    private final PrintStream out;
    private final PrintStream err;

    private PatchesCommands(List<PatchTarget> targets, PrintStream out, PrintStream err) {
        this.targets = List.copyOf(targets);
        this.out = out;
        this.err = err;
    }

    /** The {@code patches} command and its subcommands, for the launcher to add to its own. */
    public static CommandLine commandLine(List<PatchTarget> targets, PrintStream out, PrintStream err) {
        PatchesCommands patches = new PatchesCommands(targets, out, err);
        CommandLine commandLine = new CommandLine(patches);
        String footer = "%nTargets: " + patches.targetNames() + ".%nschema-patches-cli/README.md describes the tool.";
        commandLine.getCommandSpec().usageMessage().footer(footer);
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            CommandSpec spec = subcommand.getCommandSpec();
            spec.exitCodeOnInvalidInput(USAGE);
            if (spec.userObject() instanceof ToolCommand) {
                subcommand.setUnmatchedOptionsArePositionalParams(true);
                String options = PatchesCommand.optionsHelp(spec.name());
                spec.usageMessage().footer("%nTargets: " + patches.targetNames() + "."
                        + (options.isEmpty() ? "" : "%nOptions, passed to the tool:%n" + options.replace("%", "%%")));
            }
        }
        commandLine.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        return commandLine;
    }

    int run(CommandSpec command, List<String> arguments) {
        String name = command.name();
        Optional<PatchTarget> named = arguments.isEmpty() ? Optional.empty() : target(arguments.getFirst());
        if (named.isPresent()) {
            return runOn(named.get(), name, arguments.subList(1, arguments.size()));
        }
        if (!arguments.isEmpty() && !arguments.getFirst().startsWith("-")) {
            throw new ParameterException(command.commandLine(), "no patch target " + arguments.getFirst() + "; targets: " + targetNames());
        }
        if (!EVERY_TARGET_COMMANDS.contains(name)) {
            throw new ParameterException(command.commandLine(), "patches " + name + " needs a target: " + targetNames());
        }
        int worst = 0;
        for (PatchTarget target : targets) {
            out.println("== " + target.name() + " (" + target.component() + ")");
            int code = runOn(target, name, arguments);
            if (code == USAGE) {
                return code; // the same options go to every target: the tool has said what is wrong with them
            }
            worst = Math.max(worst, code);
        }
        return worst;
    }

    private int runOn(PatchTarget target, String command, List<String> options) {
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(options);
        arguments.addAll(List.of("--component", target.component(), "--patches", target.folder().toString()));
        boolean databaseGiven = options.stream().anyMatch(option -> option.equals("--db") || option.startsWith("--db="));
        if (!command.equals("new") && !databaseGiven) {
            arguments.addAll(List.of("--db", target.jdbcUrl()));
        }
        return PatchesCommand.run(arguments, out, err);
    }

    private Optional<PatchTarget> target(String name) {
        return targets.stream().filter(target -> target.name().equals(name)).findFirst();
    }

    private String targetNames() {
        return String.join(", ", targets.stream().map(PatchTarget::name).toList());
    }

    /** A command of the tool: what follows it on the command line is the target, if any, then the tool's options. */
    abstract static class ToolCommand implements Callable<Integer> {
        @ParentCommand
        PatchesCommands patches;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ARGUMENT", hidden = true, description = "a target, then options for the tool")
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() {
            return patches.run(spec, arguments);
        }
    }

    @Command(name = "status", customSynopsis = "ops/granary patches status [TARGET] [OPTION...]",
            description = "patch files, patches_applied.txt and the ledger compared (every target when none is named)")
    static final class Status extends ToolCommand {
    }

    @Command(name = "verify", customSynopsis = "ops/granary patches verify [TARGET] [OPTION...]",
            description = "the schema compared with what the applied patches make: who drifted it, repairs")
    static final class Verify extends ToolCommand {
    }

    @Command(name = "lint", customSynopsis = "ops/granary patches lint [TARGET] [OPTION...]",
            description = "hazards of the pending patches, judged with the live table sizes")
    static final class Lint extends ToolCommand {
    }

    @Command(name = "plan", customSynopsis = "ops/granary patches plan [TARGET] [OPTION...]",
            description = "the SQL apply would run, with lint findings; changes nothing")
    static final class Plan extends ToolCommand {
    }

    @Command(name = "apply", customSynopsis = "ops/granary patches apply [TARGET] [OPTION...]",
            description = "apply the pending patches, after checking drift, hazards and promotion")
    static final class Apply extends ToolCommand {
    }

    @Command(name = "new", customSynopsis = "ops/granary patches new TARGET NAME",
            description = {"the next numbered patch file of TARGET's component, listed in patches_applied.txt",
                    "NAME: lowercase words joined by hyphens, such as add-granule-orbit"})
    static final class New extends ToolCommand {
    }

    @Command(name = "rebuild-definition", customSynopsis = "ops/granary patches rebuild-definition TARGET [--check]",
            description = "the component's schema_definition.sql, from its listed patches")
    static final class RebuildDefinition extends ToolCommand {
    }
}
