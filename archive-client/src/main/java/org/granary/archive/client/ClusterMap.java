package org.granary.archive.client;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The nodes of the archive, how many copies of each object to keep, and the epoch that orders
 * versions of the map: every change makes a new map with the next epoch, and whoever sees a
 * higher epoch adopts it.
 */
public record ClusterMap(long epoch, int replicas, List<ClusterNode> nodes) {
    public ClusterMap {
        requireNonNull(nodes, "nodes is required");
        nodes = List.copyOf(nodes);
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
        if (replicas < 1 || replicas > 10) {
            throw new IllegalArgumentException("replicas must be between 1 and 10: " + replicas);
        }
        Set<String> ids = new HashSet<>();
        for (ClusterNode node : nodes) {
            if (!ids.add(node.id())) {
                throw new IllegalArgumentException("node " + node.id() + " appears twice in the cluster map");
            }
        }
        long active = nodes.stream().filter(node -> node.state() == NodeState.ACTIVE).count();
        if (!nodes.isEmpty() && active < replicas) {
            throw new IllegalArgumentException("the map needs at least " + replicas + " active nodes for " + replicas
                    + " replicas; it has " + active);
        }
    }

    public Optional<ClusterNode> node(String id) {
        return nodes.stream().filter(node -> node.id().equals(id)).findFirst();
    }

    /** The same nodes under the next epoch. */
    public ClusterMap next(int newReplicas, List<ClusterNode> newNodes) {
        return new ClusterMap(epoch + 1, newReplicas, newNodes);
    }

    public Placement placement() {
        return new Placement(this);
    }
}
