package org.granary.planner.execution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One attempt of one job: the command (an executable and its arguments, already built from the
 * PGE's template) to run in {@code workDirectory}, with the PGE's resource needs. Standard output
 * and standard error go to {@code stdout} and {@code stderr}, files the planner keeps after the run.
 */
public record RunRequest(long jobId, int attempt, Path workDirectory, List<String> command, Map<String, String> environment, int cores,
        int memoryMegabytes, Duration timeLimit, Path stdout, Path stderr) {
    public RunRequest {
        requireNonNull(workDirectory, "workDirectory is null");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        environment = Map.copyOf(environment);
        if (cores < 1 || memoryMegabytes < 1) {
            throw new IllegalArgumentException("cores and memory are at least 1: " + cores + ", " + memoryMegabytes);
        }
        requireNonNull(timeLimit, "timeLimit is null");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit is positive: " + timeLimit);
        }
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
    }

    /** A name for the run in the executor's own listings: {@code granary-job-<id>-<attempt>}. */
    public String runName() {
        return "granary-job-" + jobId + "-" + attempt;
    }
}
