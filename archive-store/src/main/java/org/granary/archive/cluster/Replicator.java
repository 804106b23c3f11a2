package org.granary.archive.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.granary.archive.audit.AuditAction;
import org.granary.archive.audit.AuditLog;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.client.ContentSource;
import org.granary.archive.object.ObjectStore;
import org.granary.archive.volume.Volumes;
import org.springframework.stereotype.Service;

/**
 * Copies an object of this node to another node. The receiving node verifies the content against
 * the name before it keeps it, so a copy that arrived is a good copy.
 */
@Service
public class Replicator {
    private final ObjectStore store;
    private final AuditLog auditLog;
    private final PeerAccess peers;
    private final ClusterService cluster;

    Replicator(ObjectStore store, AuditLog auditLog, PeerAccess peers, ClusterService cluster) {
        this.store = store;
        this.auditLog = auditLog;
        this.peers = peers;
        this.cluster = cluster;
    }

    /** Sends the local copy to {@code target}; returns the bytes sent (0 when it had it already). */
    public long copyTo(String checksum, ClusterNode target, String cause, Throttle throttle) {
        Volumes.Located located = store.read(checksum);
        ContentSource content;
        try {
            ContentSource file = ContentSource.ofFile(located.path());
            content = throttle == null ? file : throttle.wrap(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + located.path(), e);
        }
        boolean created = peers.client().put(target, checksum, content, "copy-in", cause + " from " + cluster.nodeId());
        if (created) {
            auditLog.record(located.volume().name(), checksum, AuditAction.COPY_OUT, cause, "to " + target.id());
            return located.size();
        }
        return 0;
    }

    /**
     * Whether {@code target} holds a good copy, as it found by reading it whole: what a copy is
     * checked by before a copy that relies on it is dropped. A copy it finds corrupt it
     * quarantines and repairs; it does not count.
     */
    public boolean verifiedOn(ClusterNode target, String checksum) {
        return peers.client().verify(target, checksum).good();
    }

    /** Whether {@code target} holds a copy of the expected size. */
    public boolean holds(ClusterNode target, String checksum, long size) {
        return peers.client().head(target, checksum).map(found -> found == size).orElse(false);
    }
}
