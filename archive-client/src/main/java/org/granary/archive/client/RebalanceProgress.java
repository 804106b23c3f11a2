package org.granary.archive.client;

import java.time.Instant;

/** The latest rebalance of one node ({@code GET /rebalance}); {@code state} is {@code "running"}, {@code "finished"}, {@code "failed"} or {@code "cancelled"}. */
public record RebalanceProgress(long id, long epoch, String state, long bytesPerSecond, Instant startedAt, Instant finishedAt,
        long objectsTotal, long objectsExamined, long objectsMoved, long copiesMade, long bytesCopied, long errors, String lastError) {
    public boolean running() {
        return "running".equals(state);
    }
}
