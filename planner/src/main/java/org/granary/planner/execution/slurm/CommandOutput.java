package org.granary.planner.execution.slurm;

import org.granary.planner.execution.ExecutionException;

import static java.util.Objects.requireNonNull;

/** What one Slurm command answered. */
record CommandOutput(String command, int exitCode, String stdout, String stderr) {
    CommandOutput {
        requireNonNull(command, "command is null");
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
    }

    boolean succeeded() {
        return exitCode == 0;
    }

    /** Slurm's commands write some complaints to standard output ({@code sacct}): both are searched. */
    boolean says(String text) {
        return stdout.contains(text) || stderr.contains(text);
    }

    ExecutionException failure(String what) {
        String message = (stderr.isBlank() ? stdout : stderr).strip();
        return new ExecutionException(what + ": " + command + " exited with " + exitCode + ": " + message,
                SlurmFailures.retriable(message), null);
    }
}
