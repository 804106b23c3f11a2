package org.granary.archive.scrub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
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
import org.granary.archive.object.PipelinedSha256;
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
    private final Executor hashing = Executors.newVirtualThreadPerTaskExecutor();

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

    /**
     * Verifies the copy's hash and repairs or records what is wrong; true when it is good, which
     * the caller records with the others of its page ({@link #verified}).
     */
    boolean check(StoredObject object, Throttle throttle, Consumer<Finding> tally) {
        Optional<Volumes.Located> located = volumes.locate(object.checksum());
        if (located.isEmpty()) {
            missing(object, tally);
            return false;
        }
        try {
            String actual = hash(located.get(), throttle);
            if (actual.equals(object.checksum())) {
                return true;
            }
            corrupt(object, located.get(), actual, tally);
        } catch (NoSuchFileException vanished) {
            missing(object, tally);
        } catch (IOException | UncheckedIOException e) {
            problem(object, "cannot be read: " + e, tally);
        }
        return false;
    }

    /**
     * Records good copies as verified, in one statement, and gives a copy to each of their
     * preferred nodes that lacks one, asking each peer about the whole page at once: per copy, a
     * commit and a HEAD were most of a scrub's time beside the hashing (ops/bench/archive-scrub.sh).
     */
    void verified(List<StoredObject> good, Throttle throttle, Consumer<Finding> tally) {
        objects.markVerified(good.stream().map(StoredObject::checksum).toList());
        ClusterMap map = cluster.current();
        Map<ClusterNode, List<StoredObject>> byPeer = new HashMap<>();
        for (StoredObject object : good) {
            if (map.placement().isPreferred(object.checksum(), cluster.nodeId())) { // a handoff copy goes home on its own
                map.placement().preferred(object.checksum()).stream().filter(peer -> !peer.id().equals(cluster.nodeId()))
                        .forEach(peer -> byPeer.computeIfAbsent(peer, any -> new ArrayList<>()).add(object));
            }
        }
        byPeer.forEach((peer, expected) -> replicateWhereMissing(peer, expected, throttle, tally));
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
    private void replicateWhereMissing(ClusterNode peer, List<StoredObject> expected, Throttle throttle, Consumer<Finding> tally) {
        Map<String, Long> held;
        try {
            held = replicator.held(peer, expected.stream().map(StoredObject::checksum).toList());
        } catch (ArchiveException | GranaryException e) {
            log.debug("cannot ask {} which copies it holds: {}", peer.id(), e.getMessage());
            return;
        }
        for (StoredObject object : expected) {
            if (held.getOrDefault(object.checksum(), -1L) == object.sizeBytes()) {
                continue;
            }
            try {
                replicator.copyTo(object.checksum(), peer, "scrub: under-replicated", throttle);
                tally.accept(Finding.REPLICA_ADDED);
            } catch (ArchiveException | GranaryException e) {
                log.debug("cannot copy {} to {}: {}", object.checksum(), peer.id(), e.getMessage());
            }
        }
    }

    /** The copy's SHA-256, read at the throttle, hashed on another thread while the next block is read. */
    private String hash(Volumes.Located located, Throttle throttle) throws IOException {
        PipelinedSha256 sha256 = new PipelinedSha256(hashing, 1 << 20);
        try (InputStream in = throttle.wrap(Files.newInputStream(located.path()))) {
            for (int read; (read = in.readNBytes(sha256.nextBuffer(), 0, 1 << 20)) > 0; ) {
                sha256.update(read);
            }
        }
        return sha256.hex();
    }
}
