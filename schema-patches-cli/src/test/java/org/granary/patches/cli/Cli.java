package org.granary.patches.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process, as the ops launcher does, and keeps what it printed. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        return run(Map.of(), args);
    }

    static Cli run(Map<String, String> environment, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exitCode;
        try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8); var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = PatchesCommand.run(List.of(args), environment, outStream, errStream);
        }
        return new Cli(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The common options for a component's folder and database, then the command's own. */
    static String[] args(String command, PatchFiles patches, String jdbcUrl, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--component", PatchFiles.COMPONENT, "--patches", patches.folder().toString()));
        if (jdbcUrl != null) {
            args.addAll(List.of("--db", jdbcUrl));
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
