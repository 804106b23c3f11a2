package org.granary.archive.underreplicated;

import java.time.Instant;

/** A copy of an object this node holds that {@code node} lacks, and how making it went so far. */
public record MissingCopy(String checksum, String node, Instant recordedAt, int attempts, Instant nextAttemptAt, String lastError) {
}
