package org.granary.metadatasync.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.granary.metadatasync.catalog.Catalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Follows the catalogue's change feed and applies each page to the legacy database, then keeps
 * the page's cursor. ingest-service down, or the legacy database, makes it wait and try again:
 * the feed keeps the changes, and a page applied again after a crash changes nothing.
 */
public final class CatalogueFollower implements AutoCloseable {
    static final String FEED = "catalogue";
    private static final Logger log = LoggerFactory.getLogger(CatalogueFollower.class);

    private final Catalogue catalogue;
    private final SyncApplier applier;
    private final SyncStore store;
    private final Duration interval;
    private final int pageSize;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("catalogue-follower").daemon().factory());
    private volatile Instant lastAppliedChangeAt;
    private volatile Instant lastPolledAt;
    private volatile String lastError;
    /** When ingest made the oldest change read but not yet applied; null when the feed was caught up at the last look. */
    private volatile Instant oldestWaiting;
    private volatile Instant lastAppliedMadeAt;

    public CatalogueFollower(Catalogue catalogue, SyncApplier applier, SyncStore store, Duration interval, int pageSize) {
        this.catalogue = requireNonNull(catalogue, "catalogue is null");
        this.applier = requireNonNull(applier, "applier is null");
        this.store = requireNonNull(store, "store is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.pageSize = pageSize;
    }

    public void start() {
        java.util.concurrent.ScheduledFuture<?> ignored = scheduler.scheduleWithFixedDelay(this::followSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Applies pages until the feed has no more; the scheduler calls it again after the interval. */
    private void followSafely() {
        try {
            while (followOnePage()) {
                lastError = null;
            }
            lastError = null;
        } catch (Exception e) {
            lastError = e.getMessage();
            log.warn("cannot follow the catalogue's changes; trying again in {}: {}", interval, e.getMessage());
        }
    }

    /** Whether the page was full, so that more may wait. */
    boolean followOnePage() throws Exception {
        String cursor = store.cursor(FEED).orElse(null);
        Catalogue.ChangePage page = catalogue.changes(cursor, pageSize);
        lastPolledAt = Instant.now();
        boolean full = page.changes().size() >= pageSize;
        if (!page.changes().isEmpty()) {
            oldestWaiting = page.changes().getFirst().madeAt();
            applier.applyCatalogue(page.changes());
            lastAppliedChangeAt = page.changes().getLast().at();
            lastAppliedMadeAt = page.changes().getLast().madeAt();
        }
        if (page.next() != null && !page.next().equals(cursor)) {
            store.saveCursor(FEED, page.next());
        }
        // A full page: more wait, none older than the last applied, whose age stands for theirs until the next page is read.
        oldestWaiting = full ? lastAppliedMadeAt : null;
        return full;
    }

    /**
     * How long the oldest change of the catalogue not yet applied to the legacy side has waited,
     * from when ingest made it: 0 when the feed was caught up at the last look. While ingest does
     * not answer, it is what it was at the last look.
     */
    public double lagSeconds() {
        Instant oldest = oldestWaiting;
        return oldest == null ? 0.0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis()) / 1000.0;
    }

    public Instant lastAppliedChangeAt() {
        return lastAppliedChangeAt;
    }

    public Instant lastPolledAt() {
        return lastPolledAt;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
