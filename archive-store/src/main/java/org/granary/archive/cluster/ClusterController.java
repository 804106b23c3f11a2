package org.granary.archive.cluster;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.granary.archive.client.ClusterMap;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.client.NodeState;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

/**
 * The cluster map, served by every node. Changes need the admin role and the epoch the caller
 * saw ({@code expectedEpoch}); each makes the next epoch, which the other nodes pick up by gossip
 * within seconds.
 */
@RestController
@Tag(name = "cluster", description = "The cluster map: nodes, weights, states, zones, replicas, write quorum, epoch")
class ClusterController {
    private final ClusterService cluster;

    ClusterController(ClusterService cluster) {
        this.cluster = cluster;
    }

    /** A whole map; without a write quorum, puts wait for every copy (W = R). */
    record NewMap(long expectedEpoch, int replicas, Integer writeQuorum, List<ClusterNode> nodes) {
        NewMap {
            requireNonNull(nodes, "nodes is required");
        }
    }

    record NewNode(String id, String url, Double weight, String zone) {
        NewNode {
            requireNonNull(id, "id is required");
            requireNonNull(url, "url is required");
        }
    }

    record NewWeight(double weight) {
    }

    record NewWriteQuorum(int writeQuorum) {
    }

    @GetMapping("/cluster/map")
    @Operation(summary = "The cluster map this node knows (clients keep the highest epoch they see)")
    ClusterMap map() {
        return cluster.current();
    }

    @PutMapping("/cluster/map")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Replace the map: replicas, write quorum (default: replicas) and nodes; 409 unless expectedEpoch is the "
            + "current epoch")
    ClusterMap replace(@RequestBody NewMap change, Caller caller) {
        int writeQuorum = change.writeQuorum() == null ? change.replicas() : change.writeQuorum();
        return cluster.change(change.expectedEpoch(), now -> now.next(change.replicas(), writeQuorum, change.nodes()), caller.label());
    }

    @PutMapping("/cluster/write-quorum")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Set the write quorum W (1 to replicas): a put is acknowledged once W copies are durable, the missing ones "
            + "recorded on a holder that makes them later")
    ClusterMap writeQuorum(@RequestParam long expectedEpoch, @RequestBody NewWriteQuorum quorum, Caller caller) {
        return cluster.change(expectedEpoch, now -> now.next(now.replicas(), quorum.writeQuorum(), now.nodes()), caller.label());
    }

    @PostMapping("/cluster/nodes")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Add a node (active, weight 1 unless given, in a zone if given); run a rebalance afterwards")
    ClusterMap addNode(@RequestParam long expectedEpoch, @RequestBody NewNode node, Caller caller) {
        return cluster.change(expectedEpoch, now -> {
            if (now.node(node.id()).isPresent()) {
                throw new IllegalArgumentException("node " + node.id() + " is already in the map");
            }
            List<ClusterNode> nodes = new ArrayList<>(now.nodes());
            nodes.add(new ClusterNode(node.id(), node.url(), node.weight() == null ? 1 : node.weight(), NodeState.ACTIVE, node.zone()));
            return now.next(nodes);
        }, caller.label());
    }

    @PostMapping("/cluster/nodes/{id}/drain")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Drain a node: it takes no new copies, and a rebalance moves its objects away")
    ClusterMap drain(@PathVariable String id, @RequestParam long expectedEpoch, Caller caller) {
        return cluster.change(expectedEpoch, now -> now.next(replace(now, id, node -> node.withState(NodeState.DRAINING))),
                caller.label());
    }

    @PutMapping("/cluster/nodes/{id}/weight")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Re-weight a node; run a rebalance afterwards")
    ClusterMap reweight(@PathVariable String id, @RequestParam long expectedEpoch, @RequestBody NewWeight weight, Caller caller) {
        return cluster.change(expectedEpoch, now -> now.next(replace(now, id, node -> node.withWeight(weight.weight()))),
                caller.label());
    }

    @DeleteMapping("/cluster/nodes/{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Remove a drained node from the map (drain and rebalance first, or its copies are no longer counted)")
    ClusterMap remove(@PathVariable String id, @RequestParam long expectedEpoch, Caller caller) {
        return cluster.change(expectedEpoch, now -> {
            ClusterNode node = now.node(id).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no node " + id + " in the map"));
            if (node.state() != NodeState.DRAINING) {
                throw new IllegalArgumentException("drain node " + id + " and rebalance before removing it");
            }
            return now.next(now.nodes().stream().filter(other -> !other.id().equals(id)).toList());
        }, caller.label());
    }

    private static List<ClusterNode> replace(ClusterMap map, String id, java.util.function.UnaryOperator<ClusterNode> change) {
        ClusterNode target = map.node(id).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no node " + id + " in the map"));
        return map.nodes().stream().map(node -> node.id().equals(target.id()) ? change.apply(node) : node).toList();
    }
}
