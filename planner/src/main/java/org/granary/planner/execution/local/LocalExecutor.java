package org.granary.planner.execution.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.granary.planner.execution.ExecutionException;
import org.granary.planner.execution.Executor;
import org.granary.planner.execution.RunReference;
import org.granary.planner.execution.RunRequest;
import org.granary.planner.execution.RunStatus;

/**
 * Runs PGEs as processes of this machine. A run's reference is its process id with the process's
 * start time and the host, so that after the planner instance that started it died, another one on
 * this host can tell whether the process still runs (and stop it) rather than a new process that
 * reused the id. The time limit is enforced here: past it the process and its descendants get
 * SIGTERM, then SIGKILL after a grace period.
 */
public final class LocalExecutor implements Executor, AutoCloseable {
    static final String NAME = "local";
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final String host;
    private final Map<String, Started> started = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timeLimits = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .name("pge-time-limits").daemon().factory());

    /** A process this executor started, and how it was stopped, if it was. */
    private static final class Started {
        final Process process;
        volatile ScheduledFuture<?> timeLimit;
        volatile RunStatus stoppedAs;

        Started(Process process) {
            this.process = process;
        }

        void endTimeLimit() {
            ScheduledFuture<?> limit = timeLimit;
            if (limit != null) {
                limit.cancel(false);
            }
        }
    }

    public LocalExecutor() {
        this.host = hostName();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RunReference start(RunRequest request) {
        ProcessBuilder builder = new ProcessBuilder(request.command()).directory(request.workDirectory().toFile())
                .redirectOutput(request.stdout().toFile()).redirectError(request.stderr().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        builder.environment().putAll(request.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ExecutionException("could not start " + request.command().getFirst() + ": " + e.getMessage(), false, e);
        }
        String id = process.pid() + "@" + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "@" + host;
        RunReference reference = new RunReference(NAME, id);
        Started run = new Started(process);
        started.put(id, run);
        run.timeLimit = timeLimits.schedule(() -> stop(run, new RunStatus.TimedOut()), request.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
        return reference;
    }

    @Override
    public RunStatus status(RunReference reference) {
        Started run = started.get(reference.id());
        if (run == null) {
            return orphan(reference).<RunStatus>map(process -> new RunStatus.Running())
                    .orElseGet(() -> new RunStatus.Lost("process " + reference.id() + " is not running, and its exit code went with the "
                            + "planner instance that started it"));
        }
        if (run.process.isAlive()) {
            return new RunStatus.Running();
        }
        run.endTimeLimit();
        RunStatus stopped = run.stoppedAs;
        return stopped != null ? stopped : new RunStatus.Exited(run.process.exitValue());
    }

    @Override
    public RunStatus await(RunReference reference, Duration atMost) throws InterruptedException {
        Started run = started.get(reference.id());
        if (run == null) {
            return Executor.super.await(reference, atMost);
        }
        try {
            run.process.onExit().get(atMost.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillRunning) {
            return new RunStatus.Running();
        } catch (java.util.concurrent.ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
        return status(reference);
    }

    @Override
    public void cancel(RunReference reference) {
        Started run = started.get(reference.id());
        if (run != null) {
            stop(run, new RunStatus.Cancelled());
            return;
        }
        orphan(reference).ifPresent(LocalExecutor::terminate);
    }

    /** Forgets an ended run (its status was read). */
    public void forget(RunReference reference) {
        Started run = started.remove(reference.id());
        if (run != null) {
            run.endTimeLimit();
        }
    }

    @Override
    public void close() {
        timeLimits.shutdownNow();
    }

    /** A process of this host that another planner instance started and that still runs. */
    private Optional<ProcessHandle> orphan(RunReference reference) {
        String[] parts = reference.id().split("@", 3);
        if (parts.length != 3 || !parts[2].equals(host)) {
            return Optional.empty();
        }
        long startedAt = Long.parseLong(parts[1]);
        return ProcessHandle.of(Long.parseLong(parts[0])).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startedAt);
    }

    private void stop(Started run, RunStatus as) {
        if (run.process.isAlive()) {
            run.stoppedAs = as;
            terminate(run.process.toHandle());
        }
    }

    private static void terminate(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        // SIGKILL for what ignores SIGTERM during the grace period; nothing waits for this.
        var unused = process.onExit().completeOnTimeout(null, GRACE.toMillis(), TimeUnit.MILLISECONDS).thenRun(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
