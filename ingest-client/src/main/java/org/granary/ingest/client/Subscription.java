package org.granary.ingest.client;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A subscriber to "granule archived" events: where they are POSTed, and for which ESDTs (empty: all). */
public record Subscription(long id, String callbackUrl, List<String> esdts, String createdBy, Instant createdAt, boolean active) {
    public Subscription {
        requireNonNull(callbackUrl, "callbackUrl is null");
        esdts = esdts == null ? List.of() : List.copyOf(esdts);
    }
}
