package org.granary.archive.scrub;

import java.time.Instant;

/**
 * A full scrub pass of this node, as far as it got. {@code objectsVerified} counts the copies
 * checked, whatever was found; {@code problems} the copies that could neither be verified nor
 * repaired (each audited as a problem).
 */
public record ScrubProgress(String state, Instant startedAt, Instant finishedAt, long objectsVerified, long bytesRead,
        long corrupt, long missing, long repaired, long unrepairable, long replicasAdded, long problems) {
    static ScrubProgress idle() {
        return new ScrubProgress("idle", null, null, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    static ScrubProgress running(Instant startedAt) {
        return new ScrubProgress("running", startedAt, null, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    boolean isRunning() {
        return "running".equals(state);
    }

    /** The same progress with one more copy checked. */
    ScrubProgress checked(long bytes) {
        return new ScrubProgress(state, startedAt, finishedAt, objectsVerified + 1, bytesRead + bytes, corrupt, missing, repaired,
                unrepairable, replicasAdded, problems);
    }

    /** The same progress with one more of {@code finding}. */
    ScrubProgress with(Finding finding) {
        return new ScrubProgress(state, startedAt, finishedAt, objectsVerified, bytesRead,
                corrupt + count(finding, Finding.CORRUPT), missing + count(finding, Finding.MISSING),
                repaired + count(finding, Finding.REPAIRED), unrepairable + count(finding, Finding.UNREPAIRABLE),
                replicasAdded + count(finding, Finding.REPLICA_ADDED), problems + count(finding, Finding.PROBLEM));
    }

    ScrubProgress ended(String endState, Instant at) {
        return new ScrubProgress(endState, startedAt, at, objectsVerified, bytesRead, corrupt, missing, repaired, unrepairable,
                replicasAdded, problems);
    }

    private static long count(Finding finding, Finding counted) {
        return finding == counted ? 1 : 0;
    }
}
