package org.granary.planner.execution.slurm;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.granary.planner.execution.Executor;
import org.granary.planner.execution.RunReference;
import org.granary.planner.execution.RunRequest;
import org.granary.planner.execution.RunStatus;

/**
 * Runs each run as a batch job of a Slurm cluster, through Slurm's commands on this machine. The
 * work directory must be the same path on this machine and on the cluster's nodes (a shared file
 * system): the job runs in it, writes its output files there and records its exit code there.
 *
 * <p>A job's environment is the request's, with the executor's {@link SlurmProperties#environment()}
 * over it, and {@code PATH}, {@code HOME}, {@code USER}, {@code LOGNAME}, {@code LANG}, {@code TZ}
 * of the planner beneath; Slurm adds its {@code SLURM_*} variables.
 *
 * <p>References are {@code slurm:<job id>@<work directory>}, so that any planner instance can
 * follow a run from its reference alone, also after Slurm has forgotten the job.
 */
public final class SlurmExecutor implements Executor {
    static final String NAME = "slurm";

    private final SlurmProperties properties;
    private final SlurmCommands commands;

    public SlurmExecutor(SlurmProperties properties) {
        this.properties = properties;
        this.commands = new SlurmCommands(properties);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RunReference start(RunRequest request) {
        Path workDirectory = request.workDirectory().toAbsolutePath().normalize();
        Path script = BatchScript.write(request, workDirectory);
        String jobId = commands.submit(SbatchArguments.of(request, workDirectory, properties.partition(), script), request.environment());
        return new SlurmRunId(jobId, workDirectory).reference();
    }

    @Override
    public RunStatus status(RunReference reference) {
        SlurmRunId run = SlurmRunId.of(reference);
        Optional<SlurmJob> job = commands.controllerRecord(run.jobId());
        if (job.isPresent() && !job.get().ended()) {
            return StatusRules.active(job.get());
        }
        // Read only now: the batch script records the exit code before it ends, so a job Slurm calls ended has left it.
        RunFiles files = run.files();
        OptionalInt recordedExitCode = files.recordedExitCode();
        boolean cancelledByGranary = files.cancelledByGranary();
        if (job.isEmpty() && recordedExitCode.isEmpty() && !cancelledByGranary) {
            job = commands.accountingRecord(run.jobId());
        }
        return StatusRules.ended(run, job, recordedExitCode, cancelledByGranary);
    }

    @Override
    public void cancel(RunReference reference) {
        SlurmRunId run = SlurmRunId.of(reference);
        // Marked first: a status asked between the two calls must not take our cancellation for someone else's.
        run.files().markCancelled();
        commands.cancel(run.jobId());
    }
}
