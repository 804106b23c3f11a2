package org.granary.archive.client;

import java.util.Map;

/**
 * What a rebalance of one node would do under its current map ({@code GET /rebalance/plan}): the
 * objects and bytes it would move away, the copies and bytes per target node, and the time that
 * takes at {@code bytesPerSecond}.
 */
public record RebalancePlan(String node, long epoch, long objectsExamined, long objectsToMoveAway, long bytesToMoveAway,
        Map<String, Long> copiesPerTarget, Map<String, Long> bytesPerTarget, long bytesPerSecond, long estimatedSeconds) {
    public RebalancePlan {
        copiesPerTarget = copiesPerTarget == null ? Map.of() : Map.copyOf(copiesPerTarget);
        bytesPerTarget = bytesPerTarget == null ? Map.of() : Map.copyOf(bytesPerTarget);
    }
}
