package org.granary.archive.rebalance;

import java.time.Instant;

/** One rebalance of this node's objects: its progress, persisted after every object. */
public record RebalanceRun(long id, long epoch, String state, long bytesPerSecond, Instant startedAt, Instant finishedAt,
        String cursor, long objectsTotal, long objectsExamined, long objectsMoved, long copiesMade, long bytesCopied,
        long errors, String lastError) {
}
