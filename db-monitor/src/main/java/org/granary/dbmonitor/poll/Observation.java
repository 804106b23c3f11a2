package org.granary.dbmonitor.poll;

import java.time.Duration;
import java.time.Instant;

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
 */
public record Observation(String cluster, String node, Instant at, Duration took, NodeSample sample, String failure, Double heartbeat) {
    public boolean reachable() {
        return sample != null;
    }

    static Observation read(String cluster, String node, Instant at, Duration took, NodeSample sample, Double heartbeat) {
        return new Observation(cluster, node, at, took, sample, null, heartbeat);
    }

    static Observation failed(String cluster, String node, Instant at, Duration took, String failure) {
        return new Observation(cluster, node, at, took, null, failure, null);
    }
}
