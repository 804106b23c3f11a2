package org.granary.planner.plan;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** One time unit a job covers: [start, end), with its orbit number for an orbit unit. */
public record Unit(Instant start, Instant end, Integer orbit) {
    public Unit {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a unit ends after it starts: " + start + " to " + end);
        }
    }
}
