package org.granary.planner.client;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One PGE run for one time unit ({@code GET /jobs}): its state ({@code planned}, {@code waiting},
 * {@code ready}, {@code queued}, {@code running}, {@code succeeded}, {@code failed},
 * {@code cancelled}) and the reason for it in words, attempts, who asked, and its timings.
 * {@code orbit} is null unless the PGE works by orbit.
 */
public record Job(long id, String pge, String pgeVersion, Instant unitStart, Instant unitEnd, Integer orbit, String state, String reason,
        int attempts, int maxAttempts, int priority, String requestedBy, Long campaign, Instant deadline, Instant retryAt, Instant createdAt,
        Instant updatedAt, Instant startedAt, Instant endedAt, String run, String worker) {
    public Job {
        requireNonNull(pge, "pge is null");
        requireNonNull(state, "state is null");
    }
}
