package org.granary.ingest.event;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A subscriber: where to send events, and for which ESDTs (null or empty: all). */
public record Subscription(long id, String callbackUrl, List<String> esdts, String createdBy, Instant createdAt, boolean active) {
    public Subscription {
        requireNonNull(callbackUrl, "callbackUrl is null");
        esdts = esdts == null ? List.of() : List.copyOf(esdts);
    }
}
