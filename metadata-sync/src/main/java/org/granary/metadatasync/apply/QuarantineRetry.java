package org.granary.metadatasync.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.granary.metadatasync.capture.LegacyChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Tries quarantined legacy rows again on a schedule: a row refused for an ESDT the registry did not
 * know goes through once the type is registered; one still unmappable stays, its attempt counted.
 */
public final class QuarantineRetry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QuarantineRetry.class);
    private static final int BATCH = 1000;

    private final SyncStore store;
    private final SyncApplier applier;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("quarantine-retry").daemon().factory());

    public QuarantineRetry(SyncStore store, SyncApplier applier, Duration interval) {
        this.store = requireNonNull(store, "store is null");
        this.applier = requireNonNull(applier, "applier is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    public void start() {
        java.util.concurrent.ScheduledFuture<?> ignored = scheduler.scheduleWithFixedDelay(this::retrySafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Tries the rows tried longest ago, a batch at a time; returns how many were tried. */
    public int retry() throws Exception {
        List<String> names = store.quarantinedToRetry(BATCH);
        if (!names.isEmpty()) {
            // Not a change of the legacy side: an old time keeps it from counting as one in a conflict.
            applier.applyLegacy(names.stream().map(name -> new LegacyChange(name, -1, 0, Instant.EPOCH)).toList());
        }
        return names.size();
    }

    private void retrySafely() {
        try {
            retry();
        } catch (Exception e) {
            log.warn("cannot retry the quarantined rows: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
