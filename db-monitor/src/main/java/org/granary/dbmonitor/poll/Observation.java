package org.granary.dbmonitor.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One node's poll: what it read, or why it read nothing.
 *
 * @param cluster the cluster's name
 * @param node the node's name
 * @param at when the poll began, by db-monitor's clock
 * @param took how long it took
 * @param sample what it read; null when it failed
 * @param failure why it failed, in words an operator can act on; null when it read
 * @param heartbeat the heartbeat written (primary) or replayed (standby), by the primary's clock; null when none
 * @param deadlocks the details of each deadlock the server logged since the previous poll
 */
public record Observation(String cluster, String node, Instant at, Duration took, NodeSample sample, String failure, Double heartbeat,
        List<String> deadlocks) {
    public Observation {
        deadlocks = deadlocks == null ? List.of() : List.copyOf(deadlocks);
    }

    public boolean reachable() {
        return sample != null;
    }

    static Observation read(String cluster, String node, Instant at, Duration took, NodeSample sample, Double heartbeat, List<String> deadlocks) {
        return new Observation(cluster, node, at, took, sample, null, heartbeat, deadlocks);
    }

    static Observation failed(String cluster, String node, Instant at, Duration took, String failure) {
        return new Observation(cluster, node, at, took, null, failure, null, List.of());
    }
}
