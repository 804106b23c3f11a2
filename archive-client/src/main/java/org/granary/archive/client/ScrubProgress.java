package org.granary.archive.client;

import java.time.Instant;

/** The latest full scrub pass of one node ({@code GET /scrub}); {@code state} is {@code "idle"}, {@code "running"} or {@code "finished"}. */
public record ScrubProgress(String state, Instant startedAt, Instant finishedAt, long objectsVerified, long bytesRead,
        long corrupt, long missing, long repaired, long unrepairable, long replicasAdded) {
    public boolean running() {
        return "running".equals(state);
    }
}
