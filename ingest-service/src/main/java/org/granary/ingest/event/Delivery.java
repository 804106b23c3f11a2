package org.granary.ingest.event;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One event for one subscriber, and how its delivery went.
 *
 * @param state {@code "pending"}, {@code "delivered"} or {@code "dead"}
 * @param nextAttemptAt when it is due; while leased, when the lease ends
 * @param leasedUntil while an instance is sending it, until when; null otherwise
 */
public record Delivery(long id, long subscriptionId, long eventId, String state, int attempts, Instant nextAttemptAt,
        Instant leasedUntil, String lastError, Instant deliveredAt) {
    public Delivery {
        requireNonNull(state, "state is null");
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
    }
}
