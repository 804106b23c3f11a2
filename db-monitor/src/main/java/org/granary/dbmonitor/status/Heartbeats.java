package org.granary.dbmonitor.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The heartbeats db-monitor wrote on one cluster's primary, and when. A standby that has replayed
 * heartbeat H has not replayed the next one written after H: it is at least as far behind as the
 * time since that next one was written. That bound never shows lag that is not there (a standby
 * polled a moment before the newest heartbeat reaches it is behind by that moment only), and it
 * keeps growing while replay stands still, even when nothing else is written on the primary.
 * Times are db-monitor's, so the servers' clocks need not agree.
 */
public final class Heartbeats {
    private static final int KEPT = 360;

    private record Written(double value, Instant at) {
    }

    private final Deque<Written> written = new ArrayDeque<>();

    public synchronized void wrote(double value, Instant at) {
        written.addLast(new Written(value, at));
        while (written.size() > KEPT) {
            written.removeFirst();
        }
    }

    /**
     * How far behind a standby that replayed heartbeat {@code replayed} is at least, at {@code now};
     * zero when it has replayed the newest; empty when this monitor wrote none yet. (When older
     * heartbeats were forgotten, the oldest remembered still gives a true, smaller, bound.)
     */
    public synchronized Optional<Duration> lagAtLeast(double replayed, Instant now) {
        if (written.isEmpty()) {
            return Optional.empty();
        }
        if (replayed >= written.getLast().value()) {
            return Optional.of(Duration.ZERO);
        }
        for (Written heartbeat : written) {
            if (heartbeat.value() > replayed) {
                Duration lag = Duration.between(heartbeat.at(), now);
                return Optional.of(lag.isNegative() ? Duration.ZERO : lag);
            }
        }
        return Optional.of(Duration.ZERO);
    }
}
