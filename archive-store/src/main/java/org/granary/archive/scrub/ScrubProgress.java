package org.granary.archive.scrub;

import java.time.Instant;

/** A full scrub pass of this node, as far as it got. */
public record ScrubProgress(String state, Instant startedAt, Instant finishedAt, long objectsVerified, long bytesRead,
        long corrupt, long missing, long repaired, long unrepairable, long replicasAdded) {
    /** The same progress with one more replica made for an under-replicated object. */
    ScrubProgress withReplicaAdded() {
        return new ScrubProgress(state, startedAt, finishedAt, objectsVerified, bytesRead, corrupt, missing, repaired, unrepairable,
                replicasAdded + 1);
    }

    static ScrubProgress idle() {
        return new ScrubProgress("idle", null, null, 0, 0, 0, 0, 0, 0, 0);
    }
}
