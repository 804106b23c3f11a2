package org.granary.ingest.event;

import java.time.Instant;

/** One event for one subscriber, and how its delivery went. */
public record Delivery(long id, long subscriptionId, long eventId, String state, int attempts, Instant nextAttemptAt,
        String lastError, Instant deliveredAt) {
}
