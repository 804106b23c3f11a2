package org.granary.dbmonitor.status;

import java.time.Instant;
import java.util.List;
import org.granary.dbmonitor.cluster.Stage;

/**
 * A cluster's weather and why, with each node's last figures.
 *
 * @param name the cluster
 * @param stage its stage
 * @param weather fair, cloudy, stormy, or unknown (not polled yet, or no node answers)
 * @param reasons why it is not fair, worst first
 * @param polledAt when its last round began; null before the first
 * @param nodes its nodes, in the order of the clusters file
 */
public record ClusterStatus(String name, Stage stage, Weather weather, List<Reason> reasons, Instant polledAt, List<NodeStatus> nodes) {
}
