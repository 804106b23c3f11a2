package org.granary.archive.scrub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.granary.archive.audit.AuditAction;
import org.granary.archive.audit.AuditLog;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ClusterMap;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.cluster.ClusterService;
import org.granary.archive.cluster.CopyRepairs;
import org.granary.archive.cluster.Replicator;
import org.granary.archive.cluster.Throttle;
import org.granary.archive.object.ObjectStore;
import org.granary.archive.object.StoredObject;
import org.granary.archive.object.StoredObjects;
import org.granary.archive.volume.Volumes;
import org.granary.platform.problem.GranaryException;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks one copy of this node and repairs what is wrong. A copy whose hash no longer matches its
 * name is quarantined and written again from a healthy replica; a copy whose file is gone is
 * audited as missing and written again the same way; a preferred node lacking its copy gets one.
 * A copy that can be neither verified nor repaired (unreadable, or corrupt and impossible to move
 * aside) is marked with its problem in the inventory and audited, and left for an operator. Each
 * finding goes to the caller's tally.
 */
@Component
class CopyChecker {
    private static final Logger log = LoggerFactory.getLogger(CopyChecker.class);

    private final Volumes volumes;
    private final StoredObjects objects;
    private final ObjectStore store;
    private final ClusterService cluster;
    private final Replicator replicator;
    private final CopyRepairs repairs;
    private final AuditLog auditLog;
    private final DSLContext database;

    CopyChecker(Volumes volumes, StoredObjects objects, ObjectStore store, ClusterService cluster, Replicator replicator,
            CopyRepairs repairs, AuditLog auditLog, DSLContext database) {
        this.volumes = volumes;
        this.objects = objects;
        this.store = store;
        this.cluster = cluster;
        this.replicator = replicator;
        this.repairs = repairs;
        this.auditLog = auditLog;
        this.database = database;
    }

    /** Verifies the copy's hash and repairs or records what is wrong. */
    void check(StoredObject object, Throttle throttle, Consumer<Finding> tally) {
        Optional<Volumes.Located> located = volumes.locate(object.checksum());
        if (located.isEmpty()) {
            missing(object, tally);
            return;
        }
        try {
            String actual = hash(located.get(), throttle);
            if (actual.equals(object.checksum())) {
                objects.markVerified(object.checksum());
                replicateWhereMissing(object, throttle, tally);
            } else {
                corrupt(object, located.get(), actual, tally);
            }
        } catch (NoSuchFileException vanished) {
            missing(object, tally);
        } catch (IOException | UncheckedIOException e) {
            problem(object, "cannot be read: " + e, tally);
        }
    }

    /** An inventoried copy whose file is gone: audited, then written again from a replica, or recorded as lost. */
    void missing(StoredObject object, Consumer<Finding> tally) {
        String checksum = object.checksum();
        if (volumes.locate(checksum).isPresent() || objects.find(checksum).filter(row -> !row.deleted()).isEmpty()) {
            return; // moved to another volume, deleted or handed over meanwhile
        }
        tally.accept(Finding.MISSING);
        String why = "file missing from volume " + object.volume();
        log.warn("scrub: {} of {}", why, checksum);
        auditLog.record(object.volume(), checksum, AuditAction.MISSING, "scrub: " + why, object.sizeBytes() + " bytes inventoried");
        repair(object, why, tally);
    }

    private void corrupt(StoredObject object, Volumes.Located located, String actual, Consumer<Finding> tally) {
        tally.accept(Finding.CORRUPT);
        String why = "content hashes to " + actual;
        try {
            store.quarantine(located, object.checksum(), "scrub: " + why);
        } catch (UncheckedIOException immovable) {
            problem(object, "is corrupt (" + why + ") and cannot be moved to quarantine: " + immovable.getCause(), tally);
            return;
        }
        repair(object, "corrupt copy quarantined", tally);
    }

    /** Marks and audits a copy the scrubber can neither verify nor repair; the next look at it is a day away. */
    private void problem(StoredObject object, String problem, Consumer<Finding> tally) {
        if (Thread.currentThread().isInterrupted()) {
            return; // the node is stopping: a read cut short says nothing about the copy
        }
        tally.accept(Finding.PROBLEM);
        log.warn("scrub: the copy of {} on volume {} {}", object.checksum(), object.volume(), problem);
        database.transaction(configuration -> {
            objects.markProblem(configuration.dsl(), object.checksum(), problem);
            auditLog.record(configuration.dsl(), object.volume(), object.checksum(), AuditAction.PROBLEM, "scrub: the copy " + problem,
                    "left in place for an operator");
        });
    }

    private void repair(StoredObject object, String why, Consumer<Finding> tally) {
        tally.accept(repairs.repair(object.checksum(), object.volume(), object.writtenAt(), "scrub: " + why) ? Finding.REPAIRED : Finding.UNREPAIRABLE);
    }

    /** A preferred node without its copy gets one from here. */
    private void replicateWhereMissing(StoredObject object, Throttle throttle, Consumer<Finding> tally) {
        ClusterMap map = cluster.current();
        if (!map.placement().isPreferred(object.checksum(), cluster.nodeId())) {
            return; // a handoff copy: the rebalancer takes it home
        }
        for (ClusterNode peer : map.placement().preferred(object.checksum())) {
            if (peer.id().equals(cluster.nodeId())) {
                continue;
            }
            try {
                if (!replicator.holds(peer, object.checksum(), object.sizeBytes())) {
                    replicator.copyTo(object.checksum(), peer, "scrub: under-replicated", throttle);
                    tally.accept(Finding.REPLICA_ADDED);
                }
            } catch (ArchiveException | GranaryException e) {
                log.debug("cannot check the copy of {} on {}: {}", object.checksum(), peer.id(), e.getMessage());
            }
        }
    }

    private static String hash(Volumes.Located located, Throttle throttle) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = throttle.wrap(Files.newInputStream(located.path()))) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
