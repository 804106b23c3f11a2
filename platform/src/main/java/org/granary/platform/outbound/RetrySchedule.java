package org.granary.platform.outbound;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * When a failed send is tried again: 1, 2, 4, ... seconds after its last attempt, at most
 * {@code maxBackoff} apart, until {@code maxAttempts} attempts have failed and it is given up.
 */
public record RetrySchedule(int maxAttempts, Duration maxBackoff) {
    /** Beyond 2^30 s (34 years) the wait is longer than any sensible cap; the shift stops there. */
    private static final int LONGEST_SHIFT = 30;

    public RetrySchedule {
        requireNonNull(maxBackoff, "maxBackoff is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** Whether a send that has failed {@code failedAttempts} times is given up. */
    public boolean exhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }

    /** When to try again a send whose attempt number {@code failedAttempts} failed at {@code failedAt}. */
    public Instant nextAttempt(int failedAttempts, Instant failedAt) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, was " + failedAttempts);
        }
        Duration backoff = Duration.ofSeconds(1L << Math.min(failedAttempts - 1, LONGEST_SHIFT));
        return failedAt.plus(backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff);
    }
}
