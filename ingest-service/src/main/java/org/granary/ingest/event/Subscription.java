package org.granary.ingest.event;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A subscriber: where to send events, and for which ESDTs (empty: all).
 *
 * @param createdBy the label of the token that subscribed
 * @param ownerTokenId the id of that token; null for subscriptions made before owners were
 *     recorded, which only operators see
 */
public record Subscription(long id, String callbackUrl, List<String> esdts, String createdBy, Long ownerTokenId, Instant createdAt,
        boolean active) {
    public Subscription {
        requireNonNull(callbackUrl, "callbackUrl is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        esdts = esdts == null ? List.of() : List.copyOf(esdts);
    }
}
