package org.granary.archive.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Where an object lives, computed from its checksum and the cluster map alone: weighted
 * rendezvous (highest-random-weight) hashing. Every node gets a score for the object,
 * {@code -weight / ln(u)} with {@code u} a uniform hash of (node, object) in (0, 1); the R active
 * nodes with the highest scores hold the copies. Adding a node takes from every other node only
 * the objects it now scores highest for, which is the least any placement can move.
 */
public final class Placement {
    private final ClusterMap map;

    Placement(ClusterMap map) {
        this.map = map;
    }

    /** Every node of the map, best first: preferred holders, then where handoff copies go. */
    public List<ClusterNode> ranked(String checksum) {
        long objectKey = objectKey(checksum);
        List<ClusterNode> nodes = new ArrayList<>(map.nodes());
        nodes.sort(Comparator.comparingDouble((ClusterNode node) -> score(node, objectKey)).reversed()
                .thenComparing(ClusterNode::id));
        return nodes;
    }

    /** The active nodes in rendezvous order: the first R are the preferred holders. */
    public List<ClusterNode> rankedActive(String checksum) {
        return ranked(checksum).stream().filter(node -> node.state() == NodeState.ACTIVE).toList();
    }

    /** The R nodes that should hold the object. */
    public List<ClusterNode> preferred(String checksum) {
        List<ClusterNode> active = rankedActive(checksum);
        return active.subList(0, Math.min(map.replicas(), active.size()));
    }

    public boolean isPreferred(String checksum, String nodeId) {
        return preferred(checksum).stream().anyMatch(node -> node.id().equals(nodeId));
    }

    static double score(ClusterNode node, long objectKey) {
        long mixed = mix(objectKey ^ mix(nodeKey(node.id())));
        // 53 random bits make a double in (0, 1); never 0, so the logarithm is finite.
        double uniform = ((mixed >>> 11) + 0.5) / (double) (1L << 53);
        return -node.weight() / Math.log(uniform);
    }

    /** The checksum is already uniformly random: its first 8 bytes are a fine key. */
    static long objectKey(String checksum) {
        if (checksum.length() < 16) {
            throw new IllegalArgumentException("not a SHA-256 checksum: " + checksum);
        }
        return HexFormat.fromHexDigitsToLong(checksum, 0, 16);
    }

    /** FNV-1a, 64 bits: node ids are short and alike ("archive-1", "archive-2"); mix() spreads them. */
    static long nodeKey(String id) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            hash = (hash ^ id.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64's finalizer: spreads every input bit over every output bit. */
    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
