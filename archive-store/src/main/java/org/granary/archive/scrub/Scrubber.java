package org.granary.archive.scrub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.granary.archive.ArchiveProperties;
import org.granary.archive.audit.AuditAction;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ClusterMap;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.cluster.ClusterService;
import org.granary.archive.cluster.PeerAccess;
import org.granary.archive.cluster.Replicator;
import org.granary.archive.cluster.Throttle;
import org.granary.archive.object.ObjectStore;
import org.granary.archive.object.StoredObject;
import org.granary.archive.object.StoredObjects;
import org.granary.archive.volume.Volumes;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Verifies objects oldest-verified first. A copy whose hash no longer matches its name is
 * quarantined and written again from a healthy replica; a copy whose file vanished is written
 * again the same way; a preferred node lacking its copy gets one. Everything it finds goes to the
 * audit log. In the background it re-verifies each object at most once per {@code minAge}; a full
 * pass ({@link #startFullPass}) verifies everything now.
 */
@Service
public class Scrubber {
    private static final Logger log = LoggerFactory.getLogger(Scrubber.class);
    private static final Duration BACKGROUND_MIN_AGE = Duration.ofDays(1);
    private static final int BATCH = 100;

    private final StoredObjects objects;
    private final ObjectStore store;
    private final Volumes volumes;
    private final ClusterService cluster;
    private final Replicator replicator;
    private final PeerAccess peers;
    private final ArchiveProperties properties;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("scrub").daemon().factory());
    private final AtomicReference<ScrubProgress> progress = new AtomicReference<>(ScrubProgress.idle());
    private final Counter corruptFound;
    private final Counter repairs;

    Scrubber(StoredObjects objects, ObjectStore store, Volumes volumes, ClusterService cluster, Replicator replicator,
            PeerAccess peers, ArchiveProperties properties, Clock clock, MeterRegistry metrics) {
        this.objects = objects;
        this.store = store;
        this.volumes = volumes;
        this.cluster = cluster;
        this.replicator = replicator;
        this.peers = peers;
        this.properties = properties;
        this.clock = clock;
        this.corruptFound = metrics.counter("granary.archive.scrub.corrupt");
        this.repairs = metrics.counter("granary.archive.scrub.repairs");
        Gauge.builder("granary.archive.oldest.verification.age", this, scrubber -> scrubber.oldestVerificationAgeSeconds())
                .baseUnit("seconds").description("Age of the least recently verified object on this node").register(metrics);
    }

    /** What a verification found. */
    enum Verdict {
        GOOD, REPAIRED, UNREPAIRABLE
    }

    public synchronized ScrubProgress startFullPass() {
        if ("running".equals(progress.get().state())) {
            throw new GranaryException(ErrorCode.CONFLICT, "a scrub pass is running on this node: follow it at GET /scrub");
        }
        Instant started = clock.instant();
        progress.set(new ScrubProgress("running", started, null, 0, 0, 0, 0, 0, 0, 0));
        worker.execute(() -> fullPass(started));
        return progress.get();
    }

    public ScrubProgress progress() {
        return progress.get();
    }

    @Scheduled(fixedDelayString = "${granary.archive.scrub.interval:10s}", initialDelayString = "${granary.archive.scrub.interval:10s}")
    void background() {
        if (!properties.scrub().enabled() || "running".equals(progress.get().state())) {
            return;
        }
        Throttle throttle = new Throttle(properties.scrub().bytesPerSecond());
        for (StoredObject object : objects.leastRecentlyVerified(clock.instant().minus(BACKGROUND_MIN_AGE), BATCH)) {
            verify(object, throttle);
        }
    }

    private void fullPass(Instant started) {
        Throttle throttle = new Throttle(properties.scrub().bytesPerSecond());
        try {
            for (List<StoredObject> batch = objects.leastRecentlyVerified(started, BATCH); !batch.isEmpty();
                    batch = objects.leastRecentlyVerified(started, BATCH)) {
                for (StoredObject object : batch) {
                    Verdict verdict = verify(object, throttle);
                    progress.updateAndGet(now -> counted(now, object, verdict));
                }
            }
            progress.updateAndGet(now -> withState(now, "finished"));
        } catch (RuntimeException e) {
            log.error("scrub pass failed", e);
            progress.updateAndGet(now -> withState(now, "failed"));
        }
    }

    /** Verifies one object and repairs what is wrong; never throws for a single object. */
    Verdict verify(StoredObject object, Throttle throttle) {
        String checksum = object.checksum();
        try {
            Optional<Volumes.Located> located = volumes.locate(checksum);
            if (located.isEmpty()) {
                return repair(object, "file missing from volume " + object.volume());
            }
            String actual = hash(located.get(), throttle);
            if (!actual.equals(checksum)) {
                corruptFound.increment();
                store.quarantine(located.get(), checksum, "scrub: content hashes to " + actual);
                return repair(object, "corrupt copy quarantined");
            }
            objects.markVerified(checksum);
            replicateWhereMissing(object, throttle);
            return Verdict.GOOD;
        } catch (IOException | RuntimeException e) {
            log.warn("scrub of {} failed: {}", checksum, e.getMessage());
            return Verdict.UNREPAIRABLE;
        }
    }

    private Verdict repair(StoredObject object, String why) {
        String checksum = object.checksum();
        for (ClusterNode peer : cluster.current().placement().ranked(checksum)) {
            if (peer.id().equals(cluster.nodeId())) {
                continue;
            }
            try {
                Optional<InputStream> content = peers.client().get(peer, checksum, null);
                if (content.isEmpty()) {
                    continue;
                }
                try (InputStream in = content.get()) {
                    store.put(checksum, -1, in, AuditAction.REPAIR, "scrub: " + why + "; repaired from " + peer.id());
                }
                repairs.increment();
                log.warn("repaired {} from {}: {}", checksum, peer.id(), why);
                return Verdict.REPAIRED;
            } catch (ArchiveException | GranaryException | IOException e) {
                log.warn("repair of {} from {} failed: {}", checksum, peer.id(), e.getMessage());
            }
        }
        store.recordLost(object.volume(), checksum, "scrub: " + why + "; no healthy replica could be read");
        return Verdict.UNREPAIRABLE;
    }

    /** A preferred node without its copy gets one from here. */
    private void replicateWhereMissing(StoredObject object, Throttle throttle) {
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
                    progress.updateAndGet(now -> "running".equals(now.state()) ? now.withReplicaAdded() : now);
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
        } catch (NoSuchFileException vanished) {
            return "missing";
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private double oldestVerificationAgeSeconds() {
        return objects.oldestVerification().map(oldest -> (double) Duration.between(oldest, clock.instant()).toSeconds()).orElse(0.0);
    }

    private static ScrubProgress counted(ScrubProgress now, StoredObject object, Verdict verdict) {
        return new ScrubProgress(now.state(), now.startedAt(), null, now.objectsVerified() + 1, now.bytesRead() + object.sizeBytes(),
                now.corrupt() + (verdict != Verdict.GOOD ? 1 : 0), now.missing(), now.repaired() + (verdict == Verdict.REPAIRED ? 1 : 0),
                now.unrepairable() + (verdict == Verdict.UNREPAIRABLE ? 1 : 0), now.replicasAdded());
    }

    private ScrubProgress withState(ScrubProgress now, String state) {
        return new ScrubProgress(state, now.startedAt(), clock.instant(), now.objectsVerified(), now.bytesRead(), now.corrupt(),
                now.missing(), now.repaired(), now.unrepairable(), now.replicasAdded());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
