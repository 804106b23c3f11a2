package org.granary.archive.cluster;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.granary.archive.object.StoredObject;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.RequiresRole;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Deletes of objects, which reach every node of the cluster (see {@link ClusterDeletes}). */
@RestController
@Tag(name = "objects", description = "Objects named by their SHA-256 on this node")
class DeleteController {
    private static final String EPOCH_HEADER = "Granary-Cluster-Epoch";
    private static final String COPY_HEADER = "Granary-Copy";
    private static final String DELETED_AT_HEADER = "Granary-Deleted-At";
    private static final String DELETED_BY_HEADER = "Granary-Deleted-By";
    private static final String CAUSE_HEADER = "Granary-Cause";

    private final ClusterDeletes deletes;

    DeleteController(ClusterDeletes deletes) {
        this.deletes = deletes;
    }

    /** A tombstone: deletedAt is null when the copy here was written after the delete and stays. */
    record Deleted(String checksum, Instant deletedAt, String deletedBy, Instant purgeAfter) {
        static Deleted of(StoredObject object) {
            return new Deleted(object.checksum(), object.deletedAt(), object.deletedBy(), object.purgeAfter());
        }
    }

    @DeleteMapping("/objects/{checksum}")
    @RequiresRole(Role.SERVICE)
    @Operation(summary = "Delete an object from the whole cluster: the copy here becomes a tombstone (restorable by writing it "
            + "again until the grace period ends) and every other node of the map gets the tombstone too, in the background until it "
            + "took it; Granary-Cluster-Epoch, if sent, must be this node's epoch (409 otherwise). With Granary-Copy: tombstone, a "
            + "tombstone another node delivers (Granary-Deleted-At, Granary-Deleted-By), kept here and passed on to nobody")
    Deleted delete(@PathVariable String checksum, @RequestHeader(name = EPOCH_HEADER, required = false) Long expectedEpoch,
            @RequestHeader(name = COPY_HEADER, required = false) String copy,
            @RequestHeader(name = DELETED_AT_HEADER, required = false) Instant deletedAt,
            @RequestHeader(name = DELETED_BY_HEADER, required = false) String deletedBy,
            @RequestHeader(name = CAUSE_HEADER, required = false) String cause, Caller caller) {
        if (copy == null) {
            return Deleted.of(deletes.delete(checksum, caller.label() + (cause == null ? "" : " (" + cause + ")"), expectedEpoch));
        }
        if (!"tombstone".equals(copy) || deletedAt == null) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "a delivered tombstone says Granary-Copy: tombstone and its "
                    + DELETED_AT_HEADER + ", not " + COPY_HEADER + ": " + copy);
        }
        String by = (deletedBy == null ? "unknown" : deletedBy) + " (delivered by " + caller.label() + ")";
        return Deleted.of(deletes.receive(checksum, by, deletedAt));
    }
}
