package org.granary.archive.client;

import java.time.Instant;

/** A copy of an object that a node holds and {@code node} lacks, which the holder makes once it can. */
public record MissingCopy(String checksum, String node, Instant recordedAt, int attempts, Instant nextAttemptAt, String lastError) {
}
