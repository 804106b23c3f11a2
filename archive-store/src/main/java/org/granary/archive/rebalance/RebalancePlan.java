package org.granary.archive.rebalance;

import java.util.Map;

/**
 * What a rebalance of this node would do under the current map: the objects it would move away
 * and the copies it would send to each node, with bytes, and the time that takes at the throttle.
 * Only copies a target lacks are counted (each target is asked with a HEAD): a node that keeps its
 * own copy sends nothing a node giving its copy up will send.
 */
public record RebalancePlan(String node, long epoch, long objectsExamined, long objectsToMoveAway, long bytesToMoveAway,
        Map<String, Long> copiesPerTarget, Map<String, Long> bytesPerTarget, long bytesPerSecond, long estimatedSeconds) {
}
