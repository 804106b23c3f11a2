package org.granary.ingest.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Deletes what is done with, in batches of short statements: deliveries delivered before the
 * retention, then events made before it that were fanned out and that no delivery refers to any
 * more. Pending deliveries, dead letters (until replayed and delivered, or deleted by an operator)
 * and their events stay, and so do events not yet fanned out.
 */
final class EventRetention {
    private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
    /** Rows deleted by one statement: each is short, and holds few locks. */
    static final int BATCH = 1000;

    /** What one run deleted. */
    record Deleted(long deliveries, long events) {
    }

    private final EventRepository events;
    private final EventDeliveryRepository deliveries;
    private final Clock clock;
    private final Duration retention;
    private final int batch;

    EventRetention(EventRepository events, EventDeliveryRepository deliveries, Clock clock, Duration retention, int batch) {
        this.events = requireNonNull(events, "events is null");
        this.deliveries = requireNonNull(deliveries, "deliveries is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.retention = requireNonNull(retention, "retention is null");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, was " + batch);
        }
        this.batch = batch;
    }

    Deleted deleteExpired() {
        Instant cutoff = clock.instant().minus(retention);
        long deletedDeliveries = 0;
        int deleted;
        do {
            deleted = deliveries.deleteDelivered(cutoff, batch);
            deletedDeliveries += deleted;
        } while (deleted == batch);
        long deletedEvents = 0;
        do {
            deleted = events.deleteRetired(cutoff, batch);
            deletedEvents += deleted;
        } while (deleted == batch);
        if (deletedDeliveries + deletedEvents > 0) {
            log.info("retention deleted {} delivered deliveries and {} events made before {}", deletedDeliveries, deletedEvents, cutoff);
        }
        return new Deleted(deletedDeliveries, deletedEvents);
    }
}
