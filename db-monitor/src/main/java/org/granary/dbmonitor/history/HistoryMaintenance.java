package org.granary.dbmonitor.history;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.granary.dbmonitor.MonitorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs the history's upkeep at start and every ten minutes: partitions ahead, downsampling, retention. */
public final class HistoryMaintenance implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryMaintenance.class);
    private static final Duration EVERY = Duration.ofMinutes(10);

    private final SampleStore samples;
    private final MonitorProperties properties;
    private volatile ScheduledExecutorService scheduler;
    private volatile java.util.concurrent.ScheduledFuture<?> upkeep;

    public HistoryMaintenance(SampleStore samples, MonitorProperties properties) {
        this.samples = samples;
        this.properties = properties;
    }

    @Override
    public void start() {
        maintain(); // at once, before the poller starts: today's partition is there for its first samples
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("db-monitor-history").daemon().factory());
        upkeep = scheduler.scheduleWithFixedDelay(this::maintain, EVERY.toSeconds(), EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    /** Before the poller starts, so that today's partition exists for its first samples. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    private void maintain() {
        try {
            samples.maintain(Instant.now(), properties.retention(), properties.hourlyRetention());
        } catch (RuntimeException e) {
            LOG.error("the history's upkeep failed; it runs again in {}", EVERY, e);
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            upkeep.cancel(false);
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
