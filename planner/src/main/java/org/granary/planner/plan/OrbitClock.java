package org.granary.planner.plan;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Orbit numbers and their start times, from one known orbit and the orbital period: what an orbit
 * PGE's campaign counts in, and the time window of an orbit job whose inputs carry no orbit
 * (level 0). Aura: orbit 1132 began 2004-10-01T00:03:00Z, 233 orbits in 16 days.
 */
public record OrbitClock(int referenceOrbit, Instant referenceStart, Duration period) {
    public OrbitClock {
        requireNonNull(referenceStart, "referenceStart is null");
        requireNonNull(period, "period is null");
        if (period.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("an orbital period is at least a minute: " + period);
        }
    }

    /** The orbit flown at {@code time}. */
    public int orbitAt(Instant time) {
        long nanos = Duration.between(referenceStart, time).toNanos();
        return Math.toIntExact(referenceOrbit + Math.floorDiv(nanos, period.toNanos()));
    }

    public Instant start(int orbit) {
        return referenceStart.plus(period.multipliedBy((long) orbit - referenceOrbit));
    }
}
