package org.granary.archive.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.granary.archive.audit.AuditAction;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.object.CorruptCopyFound;
import org.granary.archive.object.ObjectStore;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Writes a copy of this node again from a peer's, which the peer verifies as it sends it. A copy
 * found corrupt by a read or a peer's verification is repaired here, in the background, at once;
 * the scrubber repairs what it finds the same way. A copy no peer can give is recorded as lost.
 */
@Service
public class CopyRepairs {
    private static final Logger log = LoggerFactory.getLogger(CopyRepairs.class);

    private final ObjectStore store;
    private final ClusterService cluster;
    private final PeerAccess peers;
    private final Counter repairs;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("repair").daemon().factory());

    CopyRepairs(ObjectStore store, ClusterService cluster, PeerAccess peers, MeterRegistry metrics) {
        this.store = store;
        this.cluster = cluster;
        this.peers = peers;
        this.repairs = metrics.counter("granary.archive.read.repairs");
    }

    /** Queues the repair of a copy a read found corrupt; a copy already queued is not queued twice. */
    @EventListener
    void corruptCopyFound(CorruptCopyFound found) {
        if (!queued.add(found.checksum())) {
            return;
        }
        worker.execute(() -> {
            try {
                if (repair(found.checksum(), found.volume(), found.writtenAt(), found.cause())) {
                    repairs.increment();
                }
            } catch (RuntimeException e) {
                log.error("repair of {} failed", found.checksum(), e);
            } finally {
                queued.remove(found.checksum());
            }
        });
    }

    /**
     * Writes the object again from the first peer that has a good copy, as the write of
     * {@code writtenAt} it was; true when one did, else it is recorded lost here.
     */
    public boolean repair(String checksum, String volume, Instant writtenAt, String why) {
        for (ClusterNode peer : cluster.current().placement().ranked(checksum)) {
            if (!peer.id().equals(cluster.nodeId()) && repairedFrom(peer, checksum, writtenAt, why)) {
                return true;
            }
        }
        store.recordLost(volume, checksum, why + "; no healthy replica could be read");
        return false;
    }

    private boolean repairedFrom(ClusterNode peer, String checksum, Instant writtenAt, String why) {
        try {
            Optional<InputStream> content = peers.client().get(peer, checksum, null);
            if (content.isEmpty()) {
                return false;
            }
            try (InputStream in = content.get()) {
                store.put(checksum, -1, in, AuditAction.REPAIR, why + "; repaired from " + peer.id(), null, writtenAt);
            }
            log.warn("repaired {} from {}: {}", checksum, peer.id(), why);
            return true;
        } catch (ArchiveException | GranaryException | IOException | java.io.UncheckedIOException e) {
            log.warn("repair of {} from {} failed: {}", checksum, peer.id(), e.getMessage());
            return false;
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
