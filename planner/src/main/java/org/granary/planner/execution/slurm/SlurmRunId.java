package org.granary.planner.execution.slurm;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.planner.execution.RunReference;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link RunReference} of the Slurm executor holds: Slurm's job id and the run's work
 * directory, as {@code <job id>@<work directory>}. The directory travels in the reference because
 * the exit code file is there, and Slurm forgets ended jobs ({@code MinJobAge}).
 */
record SlurmRunId(String jobId, Path workDirectory) {
    private static final Pattern ID = Pattern.compile("(\\d+)@(/.*)", Pattern.DOTALL);

    SlurmRunId {
        requireNonNull(jobId, "jobId is null");
        if (!jobId.matches("\\d+")) {
            throw new IllegalArgumentException("a Slurm job id is a number: " + jobId);
        }
        requireNonNull(workDirectory, "workDirectory is null");
        if (!workDirectory.isAbsolute()) {
            throw new IllegalArgumentException("the work directory is absolute: " + workDirectory);
        }
    }

    static SlurmRunId of(RunReference reference) {
        if (!reference.executor().equals(SlurmExecutor.NAME)) {
            throw new IllegalArgumentException("not a run of the Slurm executor: " + reference);
        }
        Matcher parts = ID.matcher(reference.id());
        if (!parts.matches()) {
            throw new IllegalArgumentException("not a Slurm run id (<job id>@<work directory>): " + reference);
        }
        return new SlurmRunId(parts.group(1), Path.of(parts.group(2)));
    }

    RunReference reference() {
        return new RunReference(SlurmExecutor.NAME, jobId + "@" + workDirectory);
    }

    RunFiles files() {
        return new RunFiles(workDirectory, jobId);
    }
}
