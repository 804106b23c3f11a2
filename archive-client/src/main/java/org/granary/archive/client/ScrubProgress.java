package org.granary.archive.client;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;

/**
 * The latest full scrub pass of one node ({@code GET /scrub}); {@code state} is {@code "idle"},
 * {@code "running"}, {@code "finished"} or {@code "failed"}. {@code problems} counts the copies
 * that could be neither verified nor repaired (0 from a node that does not count them yet).
 */
public record ScrubProgress(String state, Instant startedAt, Instant finishedAt, long objectsVerified, long bytesRead,
        long corrupt, long missing, long repaired, long unrepairable, long replicasAdded,
        @JsonSetter(nulls = Nulls.AS_EMPTY) long problems) {
    public boolean running() {
        return "running".equals(state);
    }
}
