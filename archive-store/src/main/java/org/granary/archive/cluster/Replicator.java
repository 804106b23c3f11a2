package org.granary.archive.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.granary.archive.audit.AuditAction;
import org.granary.archive.audit.AuditLog;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.client.ContentSource;
import org.granary.archive.object.ObjectStore;
import org.granary.archive.object.StoredObject;
import org.granary.archive.object.StoredObjects;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.granary.archive.volume.Volumes;
import org.springframework.stereotype.Service;

/**
 * Copies an object of this node to another node. The receiving node verifies the content against
 * the name before it keeps it, so a copy that arrived is a good copy. A copy carries the time of
 * the client's write it comes from: a node that deleted the object after it refuses the copy, and
 * the copy here becomes a tombstone too.
 */
@Service
public class Replicator {
    private final ObjectStore store;
    private final StoredObjects objects;
    private final ClusterDeletes deletes;
    private final AuditLog auditLog;
    private final PeerAccess peers;
    private final ClusterService cluster;

    Replicator(ObjectStore store, StoredObjects objects, AuditLog auditLog, PeerAccess peers, ClusterService cluster,
            ClusterDeletes deletes) {
        this.store = store;
        this.objects = objects;
        this.deletes = deletes;
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
        Instant writtenAt = objects.find(checksum).map(StoredObject::writtenAt).orElse(null);
        boolean created;
        try {
            created = peers.client().copy(target, checksum, content, "copy-in", cause + " from " + cluster.nodeId(), writtenAt);
        } catch (ArchiveException e) {
            if (e.status() == 410) {
                deletes.deletedOn(target, checksum, e.getMessage());
                throw new GranaryException(ErrorCode.GONE, checksum + " was deleted on " + target.id()
                        + " after the write this copy comes from; the copy here is a tombstone now");
            }
            throw e;
        }
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

    /** Which of {@code checksums} {@code target} holds, with the sizes of its copies. */
    public Map<String, Long> held(ClusterNode target, List<String> checksums) {
        return peers.client().held(target, checksums);
    }

    /** Whether {@code target} holds a copy of the expected size. */
    public boolean holds(ClusterNode target, String checksum, long size) {
        return peers.client().head(target, checksum).map(found -> found == size).orElse(false);
    }
}
