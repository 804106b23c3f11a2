package org.granary.archive.object;

import java.time.Instant;

/** What a write received: its size, the checksums of its blocks, and the time of the client's write it is. */
public record Received(long size, BlockChecksums blocks, Instant writtenAt) {
}
