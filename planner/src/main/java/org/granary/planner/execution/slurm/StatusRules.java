package org.granary.planner.execution.slurm;

import java.util.Optional;
import java.util.OptionalInt;
import org.granary.planner.execution.RunStatus;

/**
 * From Slurm's account of a job and the files it left to a {@link RunStatus}. The exit code file
 * wins over Slurm's record where both could tell, since it holds the command's own code; Slurm's
 * record alone decides how a job ended that the batch script did not live to record: a time limit,
 * a cancellation, a failed node.
 */
final class StatusRules {
    private StatusRules() {
    }

    /** A job that has not ended. */
    static RunStatus active(SlurmJob job) {
        return job.waiting() ? new RunStatus.Pending() : new RunStatus.Running();
    }

    /**
     * A job that has ended, or that Slurm does not know (empty {@code job}).
     *
     * @param recordedExitCode what the batch script recorded, read after Slurm answered
     * @param cancelledByGranary whether {@link SlurmExecutor#cancel} marked the job
     */
    static RunStatus ended(SlurmRunId run, Optional<SlurmJob> job, OptionalInt recordedExitCode, boolean cancelledByGranary) {
        if (job.isEmpty()) {
            return forgotten(run, recordedExitCode, cancelledByGranary);
        }
        SlurmJob known = job.get();
        String name = "Slurm job " + run.jobId();
        return switch (known.state()) {
            case "COMPLETED" -> new RunStatus.Exited(recordedExitCode.orElse(known.exitCode()));
            case "FAILED" -> recordedExitCode.isPresent()
                    ? new RunStatus.Exited(recordedExitCode.getAsInt())
                    : new RunStatus.Lost(name + " failed before its command could record an exit code, e.g. killed or unable to start;"
                            + " Slurm says " + known.describe());
            case "TIMEOUT" -> new RunStatus.TimedOut();
            case "CANCELLED" -> cancelledByGranary
                    ? new RunStatus.Cancelled()
                    : new RunStatus.Lost(name + " was cancelled outside Granary (scancel by someone else, or an administrator)");
            case "NODE_FAIL" -> new RunStatus.Lost("the node of " + name + " failed");
            case "BOOT_FAIL" -> new RunStatus.Lost("the node of " + name + " failed to boot");
            case "OUT_OF_MEMORY" -> new RunStatus.Lost(name + " used more memory than it asked for and was killed");
            case "PREEMPTED" -> new RunStatus.Lost(name + " was preempted by a job of higher priority");
            default -> new RunStatus.Lost("Slurm ended " + name + " as " + known.describe());
        };
    }

    private static RunStatus forgotten(SlurmRunId run, OptionalInt recordedExitCode, boolean cancelledByGranary) {
        if (recordedExitCode.isPresent()) {
            return new RunStatus.Exited(recordedExitCode.getAsInt());
        }
        if (cancelledByGranary) {
            return new RunStatus.Cancelled();
        }
        return new RunStatus.Lost("Slurm does not know job " + run.jobId() + " (any more: it forgets ended jobs after MinJobAge,"
                + " and its accounting has no record of it) and the job left no exit code in " + run.workDirectory());
    }
}
