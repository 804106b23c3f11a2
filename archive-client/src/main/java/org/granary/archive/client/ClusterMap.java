package org.granary.archive.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The nodes of the archive, how many copies of each object to keep (R, {@code replicas}), how many
 * of them must be durable before a put is acknowledged (W, {@code writeQuorum}, 1 to R: the
 * copies missing then are recorded on a holder, which makes them once it can), and the epoch that
 * orders versions of the map: every change makes a new map with the next epoch, and whoever sees a
 * higher epoch adopts it.
 */
public record ClusterMap(long epoch, int replicas, int writeQuorum, List<ClusterNode> nodes) {
    public ClusterMap {
        requireNonNull(nodes, "nodes is required");
        nodes = List.copyOf(nodes);
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
        if (replicas < 1 || replicas > 10) {
            throw new IllegalArgumentException("replicas must be between 1 and 10: " + replicas);
        }
        if (writeQuorum < 1 || writeQuorum > replicas) {
            throw new IllegalArgumentException("the write quorum must be between 1 and the " + replicas + " replicas: " + writeQuorum);
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

    /** A map whose puts wait for every copy (W = R). */
    public ClusterMap(long epoch, int replicas, List<ClusterNode> nodes) {
        this(epoch, replicas, replicas, nodes);
    }

    /** A map as a node or an older one stored it: without a write quorum, every copy is waited for. */
    @JsonCreator
    static ClusterMap read(@JsonProperty("epoch") long epoch, @JsonProperty("replicas") int replicas,
            @JsonProperty("writeQuorum") Integer writeQuorum, @JsonProperty("nodes") List<ClusterNode> nodes) {
        return new ClusterMap(epoch, replicas, writeQuorum == null ? replicas : writeQuorum, nodes);
    }

    public Optional<ClusterNode> node(String id) {
        return nodes.stream().filter(node -> node.id().equals(id)).findFirst();
    }

    /** Other nodes, the same replicas and write quorum, under the next epoch. */
    public ClusterMap next(List<ClusterNode> newNodes) {
        return new ClusterMap(epoch + 1, replicas, writeQuorum, newNodes);
    }

    /** Everything anew under the next epoch. */
    public ClusterMap next(int newReplicas, int newWriteQuorum, List<ClusterNode> newNodes) {
        return new ClusterMap(epoch + 1, newReplicas, newWriteQuorum, newNodes);
    }

    public Placement placement() {
        return new Placement(this);
    }
}
