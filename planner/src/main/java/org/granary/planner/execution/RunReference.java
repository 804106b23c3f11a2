package org.granary.planner.execution;

import static java.util.Objects.requireNonNull;

/**
 * How an executor finds a run again, also from another planner instance or after a restart: the
 * executor's name and its own id (a process id with its start time, a Slurm job id). Stored with
 * the job.
 */
public record RunReference(String executor, String id) {
    public RunReference {
        requireNonNull(executor, "executor is null");
        requireNonNull(id, "id is null");
    }

    @Override
    public String toString() {
        return executor + ":" + id;
    }
}
