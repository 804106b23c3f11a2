package org.granary.archive.client;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a put ends once its copies have ended, for both put paths. With at least W (the map's write
 * quorum) durable copies it is acknowledged; when they are fewer than R, every holder first records
 * which preferred nodes lack a copy (it makes those copies once they answer), and the put fails if
 * none could. A put that fails withdraws the copies it made (answered 201), so a refused write
 * leaves no orphan; a copy that was there already (200) is never touched, and a node keeps a copy
 * it made when another write relies on it.
 */
final class WriteQuorum {
    private static final Logger log = LoggerFactory.getLogger(WriteQuorum.class);

    private final NodeClient nodes;

    WriteQuorum(NodeClient nodes) {
        this.nodes = nodes;
    }

    /** What the copies of one put came to: the nodes that hold it now, those it made it on, and the last failure. */
    static final class Copies {
        private final UUID writeId = UUID.randomUUID();
        private final List<ClusterNode> holders = new ArrayList<>();
        private final List<ClusterNode> made = new ArrayList<>();
        private ArchiveException failure;

        UUID writeId() {
            return writeId;
        }

        void stored(ClusterNode node, boolean created) {
            holders.add(node);
            if (created) {
                made.add(node);
            }
        }

        void failed(ArchiveException copyFailure) {
            if (failure == null || failure.retriable()) {
                failure = copyFailure;
            }
        }

        /** A refusal that would be the same on any node (the content does not match its name, say). */
        boolean refused() {
            return failure != null && !failure.retriable();
        }

        int count() {
            return holders.size();
        }
    }

    ArchiveClient.PutResult conclude(ClusterMap map, String checksum, Copies copies) {
        if (copies.refused()) {
            throw withdrawn(checksum, copies, copies.failure);
        }
        if (copies.count() < map.writeQuorum()) {
            throw withdrawn(checksum, copies, new ArchiveException("only " + copies.count() + " of " + map.replicas() + " nodes could store "
                    + checksum + " " + ids(copies.holders) + ", and the write quorum is " + map.writeQuorum()
                    + (copies.failure == null ? "" : "; last failure: " + copies.failure.getMessage()), true,
                    copies.failure == null ? 0 : copies.failure.status(), copies.failure));
        }
        if (copies.holders.stream().anyMatch(holder -> !map.placement().isPreferred(checksum, holder.id()))
                || copies.count() < map.replicas()) {
            recordMissing(map, checksum, copies);
        }
        return new ArchiveClient.PutResult(checksum, ids(copies.holders), !copies.made.isEmpty());
    }

    /**
     * The holders record the preferred nodes without a copy; at least one must, or nobody would
     * make them. A copy handed off to a node that is not preferred is the one that goes home (and
     * is dropped there once home), so only such holders record when there are any.
     */
    private void recordMissing(ClusterMap map, String checksum, Copies copies) {
        List<String> missing = map.placement().preferred(checksum).stream().filter(node -> !copies.holders.contains(node))
                .map(ClusterNode::id).toList();
        List<ClusterNode> handoff = copies.holders.stream().filter(holder -> !map.placement().isPreferred(checksum, holder.id())).toList();
        ArchiveException unrecorded = null;
        int recorded = 0;
        for (ClusterNode holder : handoff.isEmpty() ? copies.holders : handoff) {
            try {
                nodes.recordMissingCopies(holder, checksum, missing);
                recorded++;
            } catch (ArchiveException e) {
                unrecorded = e;
            }
        }
        if (recorded == 0) {
            throw withdrawn(checksum, copies, new ArchiveException("no holder of " + checksum + " could record the copies missing on "
                    + missing + ": " + unrecorded.getMessage(), true, unrecorded.status(), unrecorded));
        }
        log.warn("{} acknowledged with {} of {} copies; {} record the copies missing on {}", checksum, copies.count(), map.replicas(),
                ids(copies.holders), missing);
    }

    /** Withdraws the copies this put made and gives back {@code failure}; a copy that cannot be withdrawn stays, unreferenced. */
    ArchiveException withdrawn(String checksum, Copies copies, ArchiveException failure) {
        for (ClusterNode node : copies.made) {
            try {
                if (!nodes.withdraw(node, checksum, copies.writeId())) {
                    log.info("the copy of {} on {} stays: another write relies on it", checksum, node.id());
                }
            } catch (ArchiveException e) {
                log.warn("the copy of {} that a failed put made on {} could not be withdrawn and stays unreferenced: {}", checksum,
                        node.id(), e.getMessage());
            }
        }
        return failure;
    }

    private static List<String> ids(List<ClusterNode> nodes) {
        return nodes.stream().map(ClusterNode::id).toList();
    }
}
