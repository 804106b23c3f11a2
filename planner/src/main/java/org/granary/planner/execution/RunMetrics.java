package org.granary.planner.execution;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import org.granary.planner.job.JobRepository;

/**
 * What operators watch of the workers: runs ended by outcome and PGE, how long they ran, and the
 * jobs ready and under way (counted on partial indexes, cheap at any number of ended jobs).
 */
final class RunMetrics {
    private final MeterRegistry registry;

    RunMetrics(MeterRegistry registry, JobRepository jobs) {
        this.registry = registry;
        Supplier<Number> ready = () -> jobs.countInState("ready");
        Supplier<Number> underWay = () -> jobs.countInState("queued") + jobs.countInState("running");
        Gauge.builder("granary.planner.jobs.ready", ready).description("jobs that may run, waiting for a worker").register(registry);
        Gauge.builder("granary.planner.jobs.under.way", underWay).description("jobs claimed or running, on every instance").register(registry);
    }

    /** A run ended: {@code outcome} is succeeded, exited, timed-out, cancelled, lost or failed (staging, pushing). */
    void ended(String pge, String outcome, Duration ran) {
        Counter.builder("granary.planner.runs").tag("pge", pge).tag("outcome", outcome).description("PGE runs ended").register(registry).increment();
        Timer.builder("granary.planner.run.duration").tag("pge", pge).description("how long PGE runs took, staging to push").register(registry)
                .record(ran);
    }
}
