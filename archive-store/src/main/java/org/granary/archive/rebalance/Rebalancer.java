package org.granary.archive.rebalance;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.granary.archive.ArchiveProperties;
import org.granary.archive.audit.AuditAction;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ClusterMap;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.cluster.ClusterService;
import org.granary.archive.cluster.Replicator;
import org.granary.archive.cluster.Throttle;
import org.granary.archive.object.ObjectStore;
import org.granary.archive.object.StoredObject;
import org.granary.archive.object.StoredObjects;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Walks this node's inventory in checksum order and, for each object, makes sure every preferred
 * node under the current map holds a verified copy; when this node is not preferred, it then
 * drops its own copy; when it is preferred but the object sits on a draining volume, it moves the
 * object to another volume of its own. The cursor is saved after every object, so a run interrupted by a crash
 * resumes where it stopped when the node starts again.
 */
@Service
public class Rebalancer {
    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);
    private static final int PAGE = 200;

    private final StoredObjects objects;
    private final ObjectStore store;
    private final org.granary.archive.volume.Volumes volumes;
    private final ClusterService cluster;
    private final Replicator replicator;
    private final RebalanceRuns runs;
    private final ArchiveProperties properties;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("rebalance").daemon().factory());
    private final AtomicBoolean cancelled = new AtomicBoolean();

    Rebalancer(StoredObjects objects, ObjectStore store, org.granary.archive.volume.Volumes volumes, ClusterService cluster, Replicator replicator, RebalanceRuns runs,
            ArchiveProperties properties) {
        this.objects = objects;
        this.store = store;
        this.volumes = volumes;
        this.cluster = cluster;
        this.replicator = replicator;
        this.runs = runs;
        this.properties = properties;
    }

    public RebalancePlan plan(Long bytesPerSecond) {
        long rate = bytesPerSecond == null ? properties.rebalance().bytesPerSecond() : bytesPerSecond;
        ClusterMap map = cluster.current();
        String me = cluster.nodeId();
        long examined = 0;
        long movingAway = 0;
        long bytesAway = 0;
        Map<String, Long> copies = new TreeMap<>();
        Map<String, Long> bytes = new TreeMap<>();
        String after = "";
        for (List<StoredObject> page = objects.livePage(after, PAGE); !page.isEmpty(); page = objects.livePage(after, PAGE)) {
            for (StoredObject object : page) {
                examined++;
                List<ClusterNode> preferred = map.placement().preferred(object.checksum());
                if (preferred.stream().noneMatch(node -> node.id().equals(me))) {
                    movingAway++;
                    bytesAway += object.sizeBytes();
                    for (ClusterNode target : preferred) {
                        if (!knownToHold(target, object)) {
                            copies.merge(target.id(), 1L, Long::sum);
                            bytes.merge(target.id(), object.sizeBytes(), Long::sum);
                        }
                    }
                }
            }
            after = page.getLast().checksum();
        }
        long bytesToCopy = bytes.values().stream().mapToLong(Long::longValue).sum();
        return new RebalancePlan(me, map.epoch(), examined, movingAway, bytesAway, copies, bytes, rate,
                (bytesToCopy + rate - 1) / rate);
    }

    /** Whether the target has a copy already (so none will be sent); a target that does not answer is counted as lacking one. */
    private boolean knownToHold(ClusterNode target, StoredObject object) {
        try {
            return replicator.holds(target, object.checksum(), object.sizeBytes());
        } catch (ArchiveException | GranaryException unreachable) {
            return false;
        }
    }

    /** Starts a run in the background; 409 while another runs. */
    public synchronized RebalanceRun start(Long bytesPerSecond) {
        if (runs.running().isPresent()) {
            throw new GranaryException(ErrorCode.CONFLICT, "a rebalance is running on this node: follow it at GET /rebalance or cancel it");
        }
        long rate = bytesPerSecond == null ? properties.rebalance().bytesPerSecond() : bytesPerSecond;
        if (rate <= 0) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "bytesPerSecond must be positive");
        }
        RebalanceRun run = runs.start(cluster.current().epoch(), rate, objects.liveCount());
        submit(run);
        return run;
    }

    public Optional<RebalanceRun> status() {
        return runs.latest();
    }

    public void cancel() {
        cancelled.set(true);
    }

    /** A run that was going when the node stopped (or crashed) goes on. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeInterruptedRun() {
        runs.running().ifPresent(run -> {
            log.info("resuming rebalance run {} after checksum '{}'", run.id(), run.cursor());
            submit(run);
        });
    }

    private void submit(RebalanceRun run) {
        cancelled.set(false);
        worker.execute(() -> execute(run));
    }

    private void execute(RebalanceRun run) {
        Throttle throttle = new Throttle(run.bytesPerSecond());
        String after = run.cursor();
        try {
            for (List<StoredObject> page = objects.livePage(after, PAGE); !page.isEmpty(); page = objects.livePage(after, PAGE)) {
                for (StoredObject object : page) {
                    if (cancelled.get()) {
                        runs.finish(run.id(), "cancelled");
                        return;
                    }
                    rebalance(run.id(), object, throttle);
                    after = object.checksum();
                }
            }
            runs.finish(run.id(), "finished");
            log.info("rebalance run {} finished", run.id());
        } catch (RuntimeException e) {
            log.error("rebalance run {} failed", run.id(), e);
            runs.finish(run.id(), "failed");
        }
    }

    private void rebalance(long runId, StoredObject object, Throttle throttle) {
        ClusterMap map = cluster.current();
        List<ClusterNode> preferred = map.placement().preferred(object.checksum());
        Moves moves = preferred.stream().anyMatch(node -> node.id().equals(cluster.nodeId()))
                ? stay(map, preferred, object, throttle) : moveAway(map, preferred, object, throttle);
        runs.progress(runId, object.checksum(), moves.moved(), moves.copies(), moves.bytes(), moves.error() == null ? 0 : 1, moves.error());
    }

    /** What rebalancing one object did. */
    private record Moves(long moved, long copies, long bytes, String error) {
        static final Moves NONE = new Moves(0, 0, 0, null);

        Moves plus(Moves other) {
            return new Moves(moved + other.moved, copies + other.copies, bytes + other.bytes, other.error != null ? other.error : error);
        }
    }

    /**
     * This copy is not preferred any more: it is sent to every preferred node that lacks a good
     * copy, and dropped only once every preferred node's copy was verified by hash by the node
     * that holds it (or arrived from here, verified as it was received).
     */
    private Moves moveAway(ClusterMap map, List<ClusterNode> preferred, StoredObject object, Throttle throttle) {
        Moves moves = Moves.NONE;
        boolean allVerified = true;
        for (ClusterNode target : preferred) {
            try {
                if (!replicator.verifiedOn(target, object.checksum())) {
                    long sent = replicator.copyTo(object.checksum(), target, "rebalance to epoch " + map.epoch(), throttle);
                    moves = moves.plus(new Moves(0, 1, sent, null));
                }
            } catch (ArchiveException | GranaryException e) {
                allVerified = false;
                moves = moves.plus(new Moves(0, 0, 0, object.checksum() + " to " + target.id() + ": " + e.getMessage()));
            }
        }
        if (!allVerified) {
            return moves;
        }
        store.removeLocalCopy(object.checksum(), AuditAction.MOVE_OUT,
                "rebalance to epoch " + map.epoch() + ": verified by hash on " + preferred.stream().map(ClusterNode::id).toList());
        return moves.plus(new Moves(1, 0, 0, null));
    }

    /**
     * This copy stays: a preferred node that lacks a copy gets one from here, unless a node that
     * gives its copy up holds one (it sends it: one sender per object, not every holder); and a
     * copy on a draining volume moves to another volume of this node.
     */
    private Moves stay(ClusterMap map, List<ClusterNode> preferred, StoredObject object, Throttle throttle) {
        Moves moves = Moves.NONE;
        for (ClusterNode target : preferred) {
            if (target.id().equals(cluster.nodeId())) {
                continue;
            }
            try {
                // Asked again after the leaving copies: one that was there at the first HEAD may have arrived and been dropped since.
                if (!replicator.holds(target, object.checksum(), object.sizeBytes()) && !leavingCopyExists(map, preferred, object)
                        && !replicator.holds(target, object.checksum(), object.sizeBytes())) {
                    long sent = replicator.copyTo(object.checksum(), target, "rebalance to epoch " + map.epoch(), throttle);
                    moves = moves.plus(new Moves(0, 1, sent, null));
                }
            } catch (ArchiveException | GranaryException e) {
                moves = moves.plus(new Moves(0, 0, 0, object.checksum() + " to " + target.id() + ": " + e.getMessage()));
            }
        }
        if (volumes.draining(object.volume())) {
            try {
                store.relocate(object.checksum(), "rebalance: volume " + object.volume() + " is draining");
                moves = moves.plus(new Moves(1, 0, object.sizeBytes(), null));
            } catch (GranaryException | java.io.UncheckedIOException e) {
                moves = moves.plus(new Moves(0, 0, 0, object.checksum() + " off draining volume " + object.volume() + ": " + e.getMessage()));
            }
        }
        return moves;
    }

    /** Whether a node that is not preferred (so its rebalance sends its copy where it belongs) holds a copy; a node that does not answer does not. */
    private boolean leavingCopyExists(ClusterMap map, List<ClusterNode> preferred, StoredObject object) {
        for (ClusterNode node : map.nodes()) {
            if (preferred.contains(node)) {
                continue;
            }
            try {
                if (replicator.holds(node, object.checksum(), object.sizeBytes())) {
                    return true;
                }
            } catch (ArchiveException | GranaryException unreachable) {
                // it cannot send either
            }
        }
        return false;
    }
}
