package org.granary.planner.campaign;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A scientist's request to (re)process: one PGE over a time range, or everything derived from one
 * granule made again ({@code remakeFrom}). State: active, paused, cancelled, finished.
 */
public record Campaign(long id, String pge, String pgeVersion, Instant from, Instant to, Long remakeFrom, String state, int priority,
        String description, String requestedBy, Instant createdAt, Instant endedAt) {
    public Campaign {
        requireNonNull(state, "state is null");
    }
}
