package org.granary.planner.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.ingest.client.Granule;
import org.granary.planner.PlannerProperties;
import org.granary.planner.catalogue.CatalogueRepository;
import org.granary.planner.catalogue.LearnedGranule;
import org.granary.planner.job.JobRepository;
import org.granary.planner.job.JobRepository.ClaimedJob;
import org.granary.planner.job.JobRepository.OutputGranule;
import org.granary.planner.pge.CommandTemplate;
import org.granary.planner.pge.PgeDefinition;
import org.granary.planner.pge.PgeRepository;
import org.granary.planner.plan.JobPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed attempt of one job from start to end: stages its inputs, starts the PGE through
 * the executor, renews the lease while it runs (and stops it when a cancel is asked for), then
 * pushes its outputs and records success, or records the failure for a retry with backoff. Every
 * record checks the job is still this worker's: a worker that lost its lease changes nothing.
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobRepository jobs;
    private final PgeRepository pges;
    private final JobPlanner planner;
    private final CatalogueRepository catalogue;
    private final Executor executor;
    private final Staging staging;
    private final OutputPush outputs;
    private final PlannerProperties properties;
    private final String worker;
    private final RunMetrics metrics;

    JobRunner(JobRepository jobs, PgeRepository pges, JobPlanner planner, CatalogueRepository catalogue, Executor executor, Staging staging,
            OutputPush outputs, PlannerProperties properties, String worker, RunMetrics metrics) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.pges = pges;
        this.planner = planner;
        this.catalogue = catalogue;
        this.executor = executor;
        this.staging = staging;
        this.outputs = outputs;
        this.properties = properties;
        this.worker = worker;
    }

    /** Runs the attempt; {@code recorded} is called once its end is recorded, before planning from its outputs. */
    void run(ClaimedJob job, Runnable recorded) {
        PgeDefinition pge = pges.find(job.pgeName(), job.pgeVersion()).orElseThrow();
        long began = System.nanoTime();
        String outcome = "failed";
        Workspace workspace = Workspace.create(properties.workDirectory(), properties.logDirectory(), job.id(), job.attempt());
        try {
            RunReference run = start(job, pge, workspace);
            if (run == null) {
                return;
            }
            RunStatus status = follow(job, run);
            if (executor instanceof org.granary.planner.execution.local.LocalExecutor local) {
                local.forget(run);
            }
            outcome = outcome(status);
            finish(job, pge, workspace, status, recorded);
        } catch (ExecutionException e) {
            outcome = "failed";
            // the job's reason says it too; the log is where an operator sees a failing executor (Slurm out of reach, say)
            LOG.warn("job {} attempt {} could not run: {}", job.id(), job.attempt(), e.getMessage());
            failAttempt(job, pge, e.getMessage(), e.retriable());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("job {} attempt {} failed in the planner", job.id(), job.attempt(), e);
            failAttempt(job, pge, "the planner failed running it: " + e, true);
        } finally {
            metrics.ended(job.pgeName(), outcome, Duration.ofNanos(System.nanoTime() - began));
            if (!properties.keepWorkDirectories()) {
                workspace.clean();
            }
        }
    }

    private static String outcome(RunStatus status) {
        return switch (status) {
            case RunStatus.Exited exited when exited.exitCode() == 0 -> "succeeded";
            case RunStatus.Exited exited -> "exited";
            case RunStatus.TimedOut timedOut -> "timed-out";
            case RunStatus.Cancelled cancelled -> "cancelled";
            case RunStatus.Lost lost -> "lost";
            case RunStatus.Pending pending -> "failed";
            case RunStatus.Running running -> "failed";
        };
    }

    private RunReference start(ClaimedJob job, PgeDefinition pge, Workspace workspace) {
        Map<String, List<java.nio.file.Path>> inputs = staging.stage(jobs.inputsOf(job.id()), workspace.inputs());
        List<String> command = CommandTemplate.expand(pge.command(), new CommandTemplate.JobValues(job.id(), job.orbit(), job.unitStart(),
                job.unitEnd(), job.productionTime(), workspace.outputs(), workspace.directory(), inputs));
        RunRequest request = new RunRequest(job.id(), job.attempt(), workspace.directory(), command,
                Map.of("GRANARY_JOB_ID", String.valueOf(job.id()), "GRANARY_ATTEMPT", String.valueOf(job.attempt())), pge.cores(),
                pge.memoryMegabytes(), pge.timeLimit(), workspace.stdout(), workspace.stderr());
        RunReference run = executor.start(request);
        LOG.info("job {} ({} {}) attempt {} runs as {}", job.id(), job.pgeName(), job.unitStart(), job.attempt(), run);
        if (!jobs.markRunning(job.id(), worker, run.id())) {
            // cancelled or taken over while it was staged
            executor.cancel(run);
            jobs.cancelled(job.id(), worker, "cancelled before it ran");
            return null;
        }
        return run;
    }

    private RunStatus follow(ClaimedJob job, RunReference run) throws InterruptedException {
        Duration renewal = properties.lease().dividedBy(3);
        boolean cancelling = false;
        while (true) {
            RunStatus status;
            try {
                status = executor.await(run, renewal);
            } catch (InterruptedException stopping) {
                // this instance stops: the run is stopped and the job goes back, its attempt not counted
                executor.cancel(run);
                jobs.giveBack(job.id(), worker, "the planner instance running it stopped; it runs again");
                throw stopping;
            }
            if (status.ended()) {
                return status;
            }
            Optional<Boolean> cancelRequested = jobs.renewLease(job.id(), worker, properties.lease());
            if (cancelRequested.isEmpty()) {
                LOG.warn("job {} is no longer this worker's ({}): stopping its run {}", job.id(), worker, run);
                executor.cancel(run);
                return new RunStatus.Lost("this worker lost its lease");
            }
            if (cancelRequested.get() && !cancelling) {
                cancelling = true;
                executor.cancel(run);
            }
        }
    }

    private void finish(ClaimedJob job, PgeDefinition pge, Workspace workspace, RunStatus status, Runnable recorded) {
        LOG.info("job {} attempt {} ended: {}", job.id(), job.attempt(), status);
        String attempt = "attempt " + job.attempt() + " of " + pge.maxAttempts();
        switch (status) {
            case RunStatus.Exited exited when exited.exitCode() == 0 -> {
                List<Granule> made = outputs.push(job.id(), workspace.outputs(), pge.outputs());
                if (jobs.succeed(job.id(), worker, made.stream().map(g -> new OutputGranule(g.id(), g.esdt(), g.fileName())).toList())) {
                    recorded.run();
                    // the outputs are known now: the next jobs of the chain need not wait for ingest's events
                    made.forEach(granule -> catalogue.learn(LearnedGranule.of(granule)));
                    made.forEach(granule -> planner.granuleArrived(LearnedGranule.of(granule)));
                    planner.resolve(jobs.dependents(job.id()));
                }
            }
            case RunStatus.Exited exited -> failAttempt(job, pge, attempt + " exited with " + exited.exitCode() + " (log: "
                    + workspace.stderr() + ")", true);
            case RunStatus.TimedOut timedOut -> failAttempt(job, pge, attempt + " ran past its time limit of " + pge.timeLimit()
                    + " and was stopped", true);
            case RunStatus.Cancelled cancelled -> jobs.cancelled(job.id(), worker, "cancelled while running; " + attempt + " stopped");
            case RunStatus.Lost lost -> jobs.runLost(job.id(), worker, attempt + " was lost: " + lost.reason());
            case RunStatus.Pending pending -> throw new IllegalStateException("a pending run is not an end");
            case RunStatus.Running running -> throw new IllegalStateException("a running run is not an end");
        }
    }

    private void failAttempt(ClaimedJob job, PgeDefinition pge, String reason, boolean retriable) {
        boolean last = !retriable || job.attempt() >= pge.maxAttempts();
        Instant retryAt = last ? null : Instant.now().plus(backoff(job.attempt()));
        String said = last ? reason + (retriable ? "; no attempts left" : "; not retried") : reason + "; retry at " + retryAt;
        jobs.attemptFailed(job.id(), worker, said, retryAt);
    }

    private Duration backoff(int attempt) {
        Duration wait = properties.retryBackoff().multipliedBy(1L << Math.min(20, attempt - 1));
        return wait.compareTo(properties.maxRetryBackoff()) > 0 ? properties.maxRetryBackoff() : wait;
    }
}
