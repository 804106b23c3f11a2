package org.granary.archive.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ClusterMap;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.object.ObjectStore;
import org.granary.archive.object.StoredObject;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Deletes that reach every node. A delete made here (with the epoch of the caller's map, so that
 * a node added meanwhile is not missed) tombstones the copy here and records a delivery to every
 * other node of the map, made in the background until each took it: each node then keeps the
 * tombstone, copy or not, and refuses any copy of an older write. A node that gets a delivery
 * passes it on to nobody.
 */
@Service
public class ClusterDeletes {
    private static final Logger log = LoggerFactory.getLogger(ClusterDeletes.class);
    private static final int BATCH = 100;
    private static final Duration FIRST_WAIT = Duration.ofSeconds(2);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

    private final ObjectStore store;
    private final ClusterService cluster;
    private final PeerAccess peers;
    private final TombstoneDeliveries deliveries;
    private final Clock clock;

    ClusterDeletes(ObjectStore store, ClusterService cluster, PeerAccess peers, TombstoneDeliveries deliveries, Clock clock,
            MeterRegistry metrics) {
        this.store = store;
        this.cluster = cluster;
        this.peers = peers;
        this.deliveries = deliveries;
        this.clock = clock;
        Gauge.builder("granary.archive.tombstones.undelivered", deliveries, TombstoneDeliveries::pending)
                .description("Tombstones this node still has to hand to another node").register(metrics);
    }

    /** Deletes the object in the whole cluster; 409 when {@code expectedEpoch} (if given) is not this node's map. */
    public StoredObject delete(String checksum, String deletedBy, Long expectedEpoch) {
        ClusterMap map = cluster.current();
        if (expectedEpoch != null && expectedEpoch != map.epoch()) {
            throw new GranaryException(ErrorCode.CONFLICT, "the cluster map is at epoch " + map.epoch() + ", not " + expectedEpoch
                    + ": read it again, so that the delete reaches every node of it");
        }
        StoredObject deleted = store.delete(checksum, deletedBy, clock.instant());
        deliveries.add(checksum, map.nodes().stream().map(ClusterNode::id).filter(id -> !id.equals(cluster.nodeId())).toList());
        return deleted;
    }

    /** A tombstone another node delivered: kept here, passed on to nobody. */
    public StoredObject receive(String checksum, String deletedBy, Instant deletedAt) {
        return store.delete(checksum, deletedBy, deletedAt);
    }

    /**
     * A peer refused a copy of an object it deleted after the write the copy comes from: the copy
     * here is tombstoned too (from {@link Replicator}).
     */
    void deletedOn(ClusterNode peer, String checksum, String refusal) {
        log.warn("{} was deleted on {}, which refused a copy from here; the copy here becomes a tombstone too: {}", checksum, peer.id(),
                refusal);
        store.delete(checksum, "a delete on " + peer.id() + " (found when it refused a copy)", clock.instant());
    }

    @Scheduled(fixedDelayString = "${granary.archive.cluster.gossip-interval:2s}", initialDelayString = "1s")
    void deliverDue() {
        for (TombstoneDeliveries.Delivery delivery : deliveries.due(BATCH)) {
            deliver(delivery);
        }
    }

    private void deliver(TombstoneDeliveries.Delivery delivery) {
        Optional<ClusterNode> node = cluster.current().node(delivery.node());
        Optional<StoredObject> tombstone = store.tombstone(delivery.checksum());
        if (node.isEmpty() || tombstone.isEmpty()) {
            deliveries.delivered(delivery); // the node left the map, or the object was written again here since
            return;
        }
        try {
            peers.client().deleteReplica(node.get(), delivery.checksum(), tombstone.get().deletedAt(), tombstone.get().deletedBy());
            deliveries.delivered(delivery);
        } catch (ArchiveException e) {
            Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(delivery.attempts(), 10));
            deliveries.failed(delivery, e.getMessage(), clock.instant().plus(wait.compareTo(LONGEST_WAIT) < 0 ? wait : LONGEST_WAIT));
        }
    }
}
