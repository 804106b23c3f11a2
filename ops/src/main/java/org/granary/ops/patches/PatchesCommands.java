package org.granary.ops.patches;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.granary.patches.cli.PatchesCommand;

/**
 * {@code ops/granary patches COMMAND [TARGET] [options]}: the DBA tool (schema-patches-cli) run
 * against the databases of this platform, so that nobody types a component, a folder and a JDBC
 * URL. Without a target, the commands that only read (status, verify, lint, plan) and apply run
 * for every target in turn; the exit code is the worst of them.
 */
public final class PatchesCommands {
    private static final Set<String> EVERY_TARGET_COMMANDS = Set.of("status", "verify", "lint", "plan", "apply");
    private static final String USAGE = """
            usage: ops/granary patches COMMAND [TARGET] [options]
              status | verify | lint | plan | apply   one target, or every target when none is named
              new TARGET NAME                         the next numbered patch file of TARGET's component
              rebuild-definition TARGET [--check]     the component's schema_definition.sql
            targets: %s
            options go to the tool (java -jar schema-patches-cli-exec.jar help): --allow-drift,
              --accept-hazards, --stage NAME, --stages FILE, --lock-timeout, --statement-timeout, --db URL ...""";

    private final List<PatchTarget> targets;
    private final PrintStream out;
    private final PrintStream err;

    public PatchesCommands(List<PatchTarget> targets, PrintStream out, PrintStream err) {
        this.targets = List.copyOf(targets);
        this.out = out;
        this.err = err;
    }

    public int run(List<String> arguments) {
        if (arguments.isEmpty() || arguments.getFirst().equals("help")) {
            err.println(usage());
            return arguments.isEmpty() ? 64 : 0;
        }
        String command = arguments.getFirst();
        List<String> rest = arguments.subList(1, arguments.size());
        Optional<PatchTarget> named = rest.isEmpty() ? Optional.empty() : target(rest.getFirst());
        if (named.isPresent()) {
            return runOn(named.get(), command, rest.subList(1, rest.size()));
        }
        if (!rest.isEmpty() && !rest.getFirst().startsWith("--")) {
            err.println("granary: no patch target " + rest.getFirst() + "\n" + usage());
            return 64;
        }
        if (!EVERY_TARGET_COMMANDS.contains(command)) {
            err.println("granary: patches " + command + " needs a target\n" + usage());
            return 64;
        }
        int worst = 0;
        for (PatchTarget target : targets) {
            out.println("== " + target.name() + " (" + target.component() + ")");
            worst = Math.max(worst, runOn(target, command, rest));
        }
        return worst;
    }

    private int runOn(PatchTarget target, String command, List<String> options) {
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(options);
        arguments.addAll(List.of("--component", target.component(), "--patches", target.folder().toString()));
        if (!options.contains("--db")) {
            arguments.addAll(List.of("--db", target.jdbcUrl()));
        }
        return PatchesCommand.run(arguments, out, err);
    }

    private Optional<PatchTarget> target(String name) {
        return targets.stream().filter(target -> target.name().equals(name)).findFirst();
    }

    private String usage() {
        return USAGE.formatted(String.join(", ", targets.stream().map(PatchTarget::name).toList()));
    }
}
