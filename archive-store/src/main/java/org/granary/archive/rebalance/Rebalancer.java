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
                        copies.merge(target.id(), 1L, Long::sum);
                        bytes.merge(target.id(), object.sizeBytes(), Long::sum);
                    }
                }
            }
            after = page.getLast().checksum();
        }
        long bytesToCopy = bytes.values().stream().mapToLong(Long::longValue).sum();
        return new RebalancePlan(me, map.epoch(), examined, movingAway, bytesAway, copies, bytes, rate,
                (bytesToCopy + rate - 1) / rate);
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
        String me = cluster.nodeId();
        List<ClusterNode> preferred = map.placement().preferred(object.checksum());
        long copies = 0;
        long bytes = 0;
        String error = null;
        boolean allHome = true;
        for (ClusterNode target : preferred) {
            if (target.id().equals(me)) {
                continue;
            }
            try {
                if (!replicator.holds(target, object.checksum(), object.sizeBytes())) {
                    bytes += replicator.copyTo(object.checksum(), target, "rebalance to epoch " + map.epoch(), throttle);
                    copies++;
                    allHome &= replicator.holds(target, object.checksum(), object.sizeBytes());
                }
            } catch (ArchiveException | GranaryException e) {
                allHome = false;
                error = object.checksum() + " to " + target.id() + ": " + e.getMessage();
            }
        }
        long moved = 0;
        boolean preferredHere = preferred.stream().anyMatch(node -> node.id().equals(me));
        if (allHome && !preferredHere) {
            store.removeLocalCopy(object.checksum(), AuditAction.MOVE_OUT,
                    "rebalance to epoch " + map.epoch() + ": verified on " + preferred.stream().map(ClusterNode::id).toList());
            moved = 1;
        } else if (preferredHere && volumes.draining(object.volume())) {
            try {
                store.relocate(object.checksum(), "rebalance: volume " + object.volume() + " is draining");
                moved = 1;
                bytes += object.sizeBytes();
            } catch (GranaryException | java.io.UncheckedIOException e) {
                error = object.checksum() + " off draining volume " + object.volume() + ": " + e.getMessage();
            }
        }
        runs.progress(runId, object.checksum(), moved, copies, bytes, error == null ? 0 : 1, error);
    }
}
