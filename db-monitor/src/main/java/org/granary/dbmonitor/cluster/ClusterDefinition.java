package org.granary.dbmonitor.cluster;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.granary.dbmonitor.cluster.NodeDefinition.require;

/**
 * A primary and its streaming standbys, as the clusters file names them.
 *
 * @param name unique, as operators say it ({@code ops}, {@code dev-omi})
 * @param stage development, testing or operations: which thresholds apply
 * @param nodes one primary and any number of standbys
 */
public record ClusterDefinition(String name, Stage stage, List<NodeDefinition> nodes) {
    public ClusterDefinition {
        require(name != null && NodeDefinition.NAME.matcher(name).matches(),
                "a cluster's name is 1 to 63 letters, digits, '.', '_' or '-', was '" + name + "'");
        require(stage != null, "cluster " + name + ": stage is development, testing or operations");
        require(nodes != null && !nodes.isEmpty(), "cluster " + name + ": at least one node");
        nodes = List.copyOf(nodes);
        Set<String> names = new HashSet<>();
        for (NodeDefinition node : nodes) {
            require(names.add(node.name()), "cluster " + name + ": two nodes named " + node.name());
        }
        require(nodes.stream().filter(node -> node.role() == NodeRole.PRIMARY).count() == 1,
                "cluster " + name + ": exactly one node has the role primary");
    }

    public NodeDefinition primary() {
        return nodes.stream().filter(node -> node.role() == NodeRole.PRIMARY).findFirst().orElseThrow();
    }
}
