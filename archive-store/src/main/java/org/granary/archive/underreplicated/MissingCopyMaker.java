package org.granary.archive.underreplicated;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.granary.archive.ArchiveProperties;
import org.granary.archive.audit.AuditAction;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ClusterMap;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.cluster.ClusterService;
import org.granary.archive.cluster.Replicator;
import org.granary.archive.cluster.Throttle;
import org.granary.archive.object.ObjectStore;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Makes the copies that puts were acknowledged without. Every gossip interval it takes the
 * records whose next attempt is due and, for each, asks the node that lacks the copy whether it
 * has it (HEAD) and else sends it this node's copy, at the rebalance throttle; the receiver
 * verifies it against its name before it answers. A record goes once the copy is there; a node
 * that does not answer is tried again later, each time waiting twice as long, up to
 * {@link #LONGEST_WAIT}. A copy a put handed off to this node (it is not one of the object's
 * preferred nodes) goes home the same way, and is dropped here once every preferred node's copy
 * was verified by hash.
 */
@Service
public class MissingCopyMaker {
    private static final Logger log = LoggerFactory.getLogger(MissingCopyMaker.class);
    private static final int BATCH = 100;
    private static final Duration FIRST_WAIT = Duration.ofSeconds(2);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final MissingCopies copies;
    private final ObjectStore store;
    private final ClusterService cluster;
    private final Replicator replicator;
    private final ArchiveProperties properties;
    private final Clock clock;

    MissingCopyMaker(MissingCopies copies, ObjectStore store, ClusterService cluster, Replicator replicator, ArchiveProperties properties,
            Clock clock, MeterRegistry metrics) {
        this.copies = copies;
        this.store = store;
        this.cluster = cluster;
        this.replicator = replicator;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("granary.archive.under.replicated.objects", copies, MissingCopies::objects)
                .description("Objects on this node that lack copies a put was acknowledged without").register(metrics);
    }

    /** Records the nodes that lack a copy of an object this node holds (404 unless it holds it). */
    public void record(String checksum, List<String> nodes) {
        store.read(checksum);
        ClusterMap map = cluster.current();
        for (String node : nodes) {
            if (map.node(node).isEmpty() || node.equals(cluster.nodeId())) {
                throw new GranaryException(ErrorCode.INVALID_REQUEST, "node " + node + " is not another node of the cluster map");
            }
        }
        copies.record(checksum, nodes);
    }

    public UnderReplicatedReport report(int limit) {
        return copies.report(cluster.nodeId(), limit);
    }

    @Scheduled(fixedDelayString = "${granary.archive.cluster.gossip-interval:2s}", initialDelayString = "1s")
    void makeDueCopies() {
        Throttle throttle = new Throttle(properties.rebalance().bytesPerSecond());
        for (MissingCopy copy : copies.due(BATCH)) {
            make(copy, throttle);
        }
    }

    /**
     * A hinted-handoff copy (this node is not preferred) goes once every preferred node's copy
     * was verified by hash by the node that holds it; until then the record stays and is retried.
     */
    private void dropHandoffCopy(String checksum) throws HomeNotVerifiedException {
        List<ClusterNode> home = cluster.current().placement().preferred(checksum);
        for (ClusterNode node : home) {
            if (!replicator.verifiedOn(node, checksum)) {
                throw new HomeNotVerifiedException("the copy of " + checksum + " on " + node.id() + " is not verified yet");
            }
        }
        store.removeLocalCopy(checksum, AuditAction.MOVE_OUT, "hinted handoff returned home: verified by hash on "
                + home.stream().map(ClusterNode::id).toList());
    }

    /** A home copy that its node did not find good (missing, corrupt and being repaired): the handoff copy stays for now. */
    private static final class HomeNotVerifiedException extends Exception {
        HomeNotVerifiedException(String message) {
            super(message);
        }
    }

    private void make(MissingCopy copy, Throttle throttle) {
        Optional<ClusterNode> target = cluster.current().node(copy.node());
        if (target.isEmpty()) {
            // The node left the map: the object's placement is another now, which the rebalancer and the scrubber keep.
            log.info("{} no longer needs a copy on {}: the node left the cluster map", copy.checksum(), copy.node());
            copies.made(copy);
            return;
        }
        try {
            long size = store.read(copy.checksum()).size();
            if (!replicator.holds(target.get(), copy.checksum(), size)) {
                replicator.copyTo(copy.checksum(), target.get(), "write quorum: a copy the put was acknowledged without", throttle);
            }
            log.info("made the missing copy of {} on {}", copy.checksum(), copy.node());
            if (!cluster.current().placement().isPreferred(copy.checksum(), cluster.nodeId())) {
                dropHandoffCopy(copy.checksum());
            }
            copies.made(copy);
        } catch (GranaryException e) {
            if (e.errorCode() != ErrorCode.NOT_FOUND && e.errorCode() != ErrorCode.GONE) {
                throw e;
            }
            // This node's copy is gone (deleted here or, as the target answered 410, there; or lost): nothing to copy.
            log.warn("cannot make the missing copy of {} on {}: {}", copy.checksum(), copy.node(), e.getMessage());
            copies.made(copy);
        } catch (ArchiveException | UncheckedIOException | HomeNotVerifiedException e) {
            Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(copy.attempts(), 10));
            copies.failed(copy, e.getMessage(), clock.instant().plus(wait.compareTo(LONGEST_WAIT) < 0 ? wait : LONGEST_WAIT));
        }
    }
}
