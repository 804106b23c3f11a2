package org.granary.archive.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.granary.archive.ArchiveProperties;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ClusterMap;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.client.NodeClient;
import org.granary.archive.client.NodeState;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The cluster map of this node. On first start it is made from the seed nodes in configuration
 * (epoch 0, the same on every node); afterwards it changes only by {@link #change}, which needs
 * the epoch the caller saw (so two admins cannot overwrite each other) and stores the next epoch,
 * or by gossip, which adopts any higher epoch a peer has.
 */
@Service
public class ClusterService {
    private static final Logger log = LoggerFactory.getLogger(ClusterService.class);

    private final ClusterMaps maps;
    private final PeerAccess peers;
    private final String nodeId;
    private final AtomicReference<ClusterMap> current = new AtomicReference<>();

    ClusterService(ClusterMaps maps, PeerAccess peers, ArchiveProperties properties) {
        this.maps = maps;
        this.peers = peers;
        this.nodeId = properties.nodeId();
        ClusterMap map = maps.latest().orElseGet(() -> seedMap(properties));
        maps.store(map, "seed configuration");
        current.set(map);
    }

    public ClusterMap current() {
        return current.get();
    }

    public String nodeId() {
        return nodeId;
    }

    /** Applies a change to the map the caller saw; 409 when the map moved on meanwhile. */
    public synchronized ClusterMap change(long expectedEpoch, UnaryOperator<ClusterMap> mutation, String changedBy) {
        ClusterMap now = current.get();
        if (now.epoch() != expectedEpoch) {
            throw new GranaryException(ErrorCode.CONFLICT, "the cluster map is at epoch " + now.epoch() + ", not " + expectedEpoch
                    + ": read it again and repeat the change");
        }
        ClusterMap changed;
        try {
            changed = mutation.apply(now);
        } catch (IllegalArgumentException e) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        if (changed.epoch() != now.epoch() + 1) {
            throw new IllegalStateException("a change must make the next epoch");
        }
        maps.store(changed, changedBy);
        current.set(changed);
        log.info("cluster map changed to epoch {} by {}: {}", changed.epoch(), changedBy, changed);
        return changed;
    }

    /** Adopts a map with a higher epoch than ours; true when it did. */
    public synchronized boolean adoptIfNewer(ClusterMap candidate, String source) {
        if (candidate.epoch() <= current.get().epoch()) {
            return false;
        }
        maps.store(candidate, "gossip from " + source);
        current.set(candidate);
        log.info("adopted cluster map epoch {} from {}", candidate.epoch(), source);
        return true;
    }

    /** Asks every peer for its map and adopts a newer one. */
    @Scheduled(fixedDelayString = "${granary.archive.cluster.gossip-interval:2s}", initialDelayString = "1s")
    public void gossip() {
        NodeClient client = peers.anonymous();
        for (ClusterNode peer : current.get().nodes()) {
            if (peer.id().equals(nodeId)) {
                continue;
            }
            try {
                adoptIfNewer(client.map(peer.url()), peer.id());
            } catch (ArchiveException | IllegalArgumentException e) {
                log.debug("gossip with {} failed: {}", peer.id(), e.getMessage());
            }
        }
    }

    private static ClusterMap seedMap(ArchiveProperties properties) {
        ArchiveProperties.Cluster cluster = properties.cluster();
        Map<String, String> zones = pairs(cluster.seedZones());
        List<ClusterNode> nodes = new ArrayList<>();
        pairs(cluster.seedNodes()).forEach((id, url) -> nodes.add(new ClusterNode(id, url, 1, NodeState.ACTIVE, zones.remove(id))));
        if (!zones.isEmpty()) {
            throw new IllegalArgumentException("granary.archive.cluster.seed-zones names nodes that are not seed nodes: " + zones.keySet());
        }
        int replicas = Math.min(cluster.replicas(), Math.max(1, nodes.size()));
        int writeQuorum = Math.min(cluster.writeQuorum() == null ? replicas : cluster.writeQuorum(), replicas);
        return new ClusterMap(0, replicas, writeQuorum, nodes);
    }

    /** {@code key=value} entries of the seed settings, in their order. */
    private static Map<String, String> pairs(List<String> entries) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("granary.archive.cluster seed entries look like archive-1=http://host:8090 or "
                        + "archive-1=rack-a, not " + entry);
            }
            pairs.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
        }
        return pairs;
    }
}
