package org.granary.ingest.event;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A delivery leased to this instance until {@code leasedUntil}, with what to send. The lease also
 * fences the outcome: a failure is recorded only while the lease is still this one.
 *
 * @param attempts the failed attempts before this one
 */
record ClaimedDelivery(long id, long subscriptionId, long eventId, int attempts, String callbackUrl, String payload, Instant leasedUntil) {
    ClaimedDelivery {
        requireNonNull(callbackUrl, "callbackUrl is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(leasedUntil, "leasedUntil is null");
    }

    /** The callback URL without its query, for logs: a subscriber's key travels there ({@code ?key=}). */
    String target() {
        int query = callbackUrl.indexOf('?');
        return query < 0 ? callbackUrl : callbackUrl.substring(0, query);
    }
}
