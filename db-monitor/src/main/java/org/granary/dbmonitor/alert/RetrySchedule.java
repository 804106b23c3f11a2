package org.granary.dbmonitor.alert;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** When a failed notification is tried again: 1, 2, 4, ... seconds after its last attempt, at most {@code maxBackoff} apart. */
record RetrySchedule(int maxAttempts, Duration maxBackoff) {
    private static final int LONGEST_SHIFT = 30;

    RetrySchedule {
        requireNonNull(maxBackoff, "maxBackoff is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** Whether a notification that failed {@code failedAttempts} times is given up. */
    boolean exhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }

    Instant nextAttempt(int failedAttempts, Instant failedAt) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, was " + failedAttempts);
        }
        Duration backoff = Duration.ofSeconds(1L << Math.min(failedAttempts - 1, LONGEST_SHIFT));
        return failedAt.plus(backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff);
    }
}
