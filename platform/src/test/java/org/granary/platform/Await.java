package org.granary.platform;

import java.time.Duration;
import java.time.Instant;

/** Waits for a condition to hold, up to a deadline; fails saying what did not happen. */
final class Await {
    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    static void until(String what, Duration timeout, Condition condition) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(POLL);
        }
    }
}
