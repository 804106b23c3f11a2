package org.granary.planner.execution;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.granary.planner.PlannerProperties;
import org.granary.planner.job.JobRepository;
import org.granary.planner.job.JobRepository.ClaimedJob;
import org.granary.planner.plan.ReadyJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This instance's workers: while a worker is free, claims the next ready job (routine first,
 * campaigns sharing the rest; {@code SKIP LOCKED}, so two instances never claim one job) and runs
 * it on a virtual thread of its own. A worker is free again as soon as its job's end is recorded:
 * planning from the job's outputs goes on in its thread while the next job starts. An idle dispatcher wakes when this instance made jobs ready,
 * and polls for those made by other instances.
 */
final class Dispatcher implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final JobRepository jobs;
    private final JobRunner runner;
    private final ReadyJobs readyJobs;
    private final PlannerProperties properties;
    private final String worker;
    private final String executorName;
    private final Semaphore freeWorkers;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private volatile Thread loop;

    Dispatcher(JobRepository jobs, JobRunner runner, ReadyJobs readyJobs, PlannerProperties properties, String worker, String executorName) {
        this.jobs = jobs;
        this.runner = runner;
        this.readyJobs = readyJobs;
        this.properties = properties;
        this.worker = worker;
        this.executorName = executorName;
        this.freeWorkers = new Semaphore(properties.workers());
    }

    @Override
    public void start() {
        // Assigned before it starts: the loop runs while this field holds it, and a thread started first could
        // see it still null and end at once, leaving this instance without a dispatcher (it happened under load).
        Thread dispatcher = Thread.ofPlatform().name("planner-dispatcher").unstarted(this::dispatch);
        loop = dispatcher;
        dispatcher.start();
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    @Override
    public void stop() {
        Thread stopping = loop;
        loop = null;
        if (stopping == null) {
            return;
        }
        stopping.interrupt();
        running.forEach(Thread::interrupt);
        try {
            stopping.join(Duration.ofSeconds(10));
            if (!freeWorkers.tryAcquire(properties.workers(), 30, TimeUnit.SECONDS)) {
                LOG.warn("jobs still running at shutdown after 30 s; their leases will end and another instance will run them again");
            }
            for (Thread planning : running) {
                // a worker given back before planning from its outputs: let it finish with the database still there
                planning.join(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the web server, so that nothing claims jobs while the service goes down. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    private void dispatch() {
        while (loop != null) {
            try {
                freeWorkers.acquire();
                Optional<ClaimedJob> claimed = claim();
                if (claimed.isEmpty()) {
                    freeWorkers.release();
                    readyJobs.await(properties.pollInterval());
                    continue;
                }
                Thread thread = Thread.ofVirtual().name("job-" + claimed.get().id()).unstarted(() -> run(claimed.get()));
                running.add(thread);
                thread.start();
            } catch (InterruptedException stopping) {
                return;
            }
        }
    }

    private Optional<ClaimedJob> claim() throws InterruptedException {
        try {
            return jobs.claimNext(worker, executorName, properties.lease());
        } catch (RuntimeException e) {
            LOG.warn("could not claim a job (will try again): {}", e.toString());
            Thread.sleep(properties.pollInterval().toMillis());
            return Optional.empty();
        }
    }

    private void run(ClaimedJob job) {
        AtomicBoolean given = new AtomicBoolean();
        Runnable giveWorkerBack = () -> {
            if (given.compareAndSet(false, true)) {
                freeWorkers.release();
            }
        };
        try {
            runner.run(job, giveWorkerBack);
        } catch (RuntimeException e) {
            LOG.error("job {} attempt {}: the worker failed; its lease will end and it runs again", job.id(), job.attempt(), e);
        } finally {
            running.remove(Thread.currentThread());
            giveWorkerBack.run();
        }
    }
}
