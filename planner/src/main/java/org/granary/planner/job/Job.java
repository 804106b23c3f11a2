package org.granary.planner.job;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One PGE run for one time unit, as the API shows it: its state and the reason for it in words,
 * attempts, who asked, and its timings. {@code run} names where its current attempt runs
 * ({@code local:<pid>@...}, {@code slurm:<id>}).
 */
public record Job(long id, String pge, String pgeVersion, Instant unitStart, Instant unitEnd, Integer orbit, JobState state, String reason,
        int attempts, int maxAttempts, int priority, String requestedBy, Long campaign, Instant deadline, Instant retryAt, Instant createdAt,
        Instant updatedAt, Instant startedAt, Instant endedAt, String run, String worker) {
    public Job {
        requireNonNull(pge, "pge is null");
        requireNonNull(state, "state is null");
    }
}
