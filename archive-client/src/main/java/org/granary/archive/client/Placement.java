package org.granary.archive.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Where an object lives, computed from its checksum and the cluster map alone: weighted
 * rendezvous (highest-random-weight) hashing. Every node gets a score for the object,
 * {@code -weight / ln(u)} with {@code u} a uniform hash of (node, object) in (0, 1). The R
 * preferred holders are taken in score order, the best active node of each zone not yet used
 * (as Swift's rings spread copies over zones), and from the remaining active nodes only when the
 * map has fewer zones than R; a node without a zone is a zone of its own, so a map without zones
 * places the copies on the R best nodes. Adding a node takes from the others only the objects it
 * now scores highest for (within its zone), which is the least any placement can move.
 */
public final class Placement {
    private final ClusterMap map;

    Placement(ClusterMap map) {
        this.map = map;
    }

    /**
     * Every node of the map: the preferred holders first, then the others in rendezvous order
     * (where reads look next, and where handoff copies go).
     */
    public List<ClusterNode> ranked(String checksum) {
        List<ClusterNode> byScore = byScore(checksum);
        List<ClusterNode> ranked = new ArrayList<>(preferred(byScore));
        byScore.stream().filter(node -> !ranked.contains(node)).forEach(ranked::add);
        return ranked;
    }

    /** The active nodes of {@link #ranked}: the first R are the preferred holders. */
    public List<ClusterNode> rankedActive(String checksum) {
        return ranked(checksum).stream().filter(ClusterNode::active).toList();
    }

    /** The R nodes that should hold the object, in distinct zones wherever the map has R zones. */
    public List<ClusterNode> preferred(String checksum) {
        return preferred(byScore(checksum));
    }

    public boolean isPreferred(String checksum, String nodeId) {
        return preferred(checksum).stream().anyMatch(node -> node.id().equals(nodeId));
    }

    private List<ClusterNode> byScore(String checksum) {
        long objectKey = objectKey(checksum);
        List<ClusterNode> nodes = new ArrayList<>(map.nodes());
        nodes.sort(Comparator.comparingDouble((ClusterNode node) -> score(node, objectKey)).reversed()
                .thenComparing(ClusterNode::id));
        return nodes;
    }

    private List<ClusterNode> preferred(List<ClusterNode> byScore) {
        List<ClusterNode> active = byScore.stream().filter(ClusterNode::active).toList();
        List<ClusterNode> chosen = new ArrayList<>();
        Set<String> zonesUsed = new HashSet<>();
        for (ClusterNode node : active) {
            if (chosen.size() < map.replicas() && zonesUsed.add(node.failureDomain())) {
                chosen.add(node);
            }
        }
        for (ClusterNode node : active) {
            if (chosen.size() < map.replicas() && !chosen.contains(node)) {
                chosen.add(node);
            }
        }
        return chosen;
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
