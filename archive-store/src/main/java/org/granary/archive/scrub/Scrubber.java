package org.granary.archive.scrub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.granary.archive.ArchiveProperties;
import org.granary.archive.cluster.Throttle;
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
 * Audits this node's copies. In the background it checks each copy at most once a day, least
 * recently checked first (a copy it could not verify waits its day like the others), and lists
 * the volumes against the inventory every {@code presence-interval} to notice vanished files
 * early. A full pass ({@link #startFullPass}) runs the presence check, then checks every copy
 * once, in checksum order. All of it runs on one thread of its own, so that no two of them
 * overlap and none holds up the node's other scheduled work.
 */
@Service
public class Scrubber {
    private static final Logger log = LoggerFactory.getLogger(Scrubber.class);
    private static final Duration BACKGROUND_MIN_AGE = Duration.ofDays(1);
    private static final int BATCH = 100;

    private final StoredObjects objects;
    private final CopyChecker checker;
    private final PresenceCheck presence;
    private final ArchiveProperties.Scrub settings;
    private final Clock clock;
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("scrub").daemon().factory());
    private static final int CHECKERS = 2;
    private final java.util.concurrent.ExecutorService checkers =
            Executors.newFixedThreadPool(CHECKERS, Thread.ofPlatform().name("scrub-check-", 0).daemon().factory());
    private final AtomicReference<ScrubProgress> progress = new AtomicReference<>(ScrubProgress.idle());
    private final Map<Finding, Counter> counters = new EnumMap<>(Finding.class);
    /** Whether the scrub thread runs a full pass, whose progress counts what is found; only that thread writes it. */
    private volatile boolean inFullPass;

    Scrubber(StoredObjects objects, CopyChecker checker, PresenceCheck presence, ArchiveProperties properties, Clock clock,
            MeterRegistry metrics) {
        this.objects = objects;
        this.checker = checker;
        this.presence = presence;
        this.settings = properties.scrub();
        this.clock = clock;
        for (Finding finding : Finding.values()) {
            counters.put(finding, metrics.counter(finding.metric()));
        }
        Gauge.builder("granary.archive.oldest.verification.age", this, scrubber -> scrubber.oldestVerificationAgeSeconds())
                .baseUnit("seconds").description("Age of the least recently verified object on this node").register(metrics);
    }

    /** Background work starts once the node serves, so that repairs can reach the peers. */
    @EventListener(ApplicationReadyEvent.class)
    void startBackground() {
        if (settings.enabled()) {
            schedule("background scrub", this::backgroundBatch, settings.interval());
            schedule("presence check", this::presencePass, settings.presenceInterval());
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
        checkers.shutdownNow();
    }

    public synchronized ScrubProgress startFullPass() {
        if (progress.get().isRunning()) {
            throw new GranaryException(ErrorCode.CONFLICT, "a scrub pass is running on this node: follow it at GET /scrub");
        }
        progress.set(ScrubProgress.running(clock.instant()));
        worker.execute(this::fullPass);
        return progress.get();
    }

    public ScrubProgress progress() {
        return progress.get();
    }

    /** Runs {@code work} every {@code interval}; the returned future is not needed, as no run ever throws. */
    @SuppressWarnings("FutureReturnValueIgnored")
    private void schedule(String what, Runnable work, Duration interval) {
        // A scheduled task that throws is never run again: each run's failure is logged instead.
        Runnable logged = () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("{} failed", what, e);
            }
        };
        worker.scheduleWithFixedDelay(logged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void backgroundBatch() {
        Throttle throttle = new Throttle(settings.bytesPerSecond());
        checkPage(objects.leastRecentlyChecked(clock.instant().minus(BACKGROUND_MIN_AGE), BATCH), throttle, object -> { });
    }

    /**
     * Checks a page of copies, {@link #CHECKERS} at a time (hashing takes a core each, and two
     * reads keep the disk busier than one), then records the good ones together (see
     * {@link CopyChecker#verified}).
     */
    private void checkPage(List<StoredObject> page, Throttle throttle, java.util.function.Consumer<StoredObject> checked) {
        List<StoredObject> good = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<java.util.concurrent.Future<?>> checks = new java.util.ArrayList<>();
        for (StoredObject object : page) {
            checks.add(checkers.submit(() -> {
                if (!stopping() && check(object, throttle)) {
                    good.add(object);
                }
                checked.accept(object);
            }));
        }
        for (java.util.concurrent.Future<?> check : checks) {
            try {
                check.get();
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("a scrub check failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                checks.forEach(pending -> pending.cancel(true));
                return;
            }
        }
        try {
            checker.verified(good, throttle, this::found);
        } catch (RuntimeException e) {
            log.warn("recording {} verified copies failed", good.size(), e);
        }
    }

    private void presencePass() {
        presence.run(object -> checker.missing(object, this::found));
    }

    /** The presence check, then every live copy once, walking the inventory in checksum order (keyset pages). */
    private void fullPass() {
        inFullPass = true;
        try {
            presencePass();
            Throttle throttle = new Throttle(settings.bytesPerSecond());
            for (List<StoredObject> page = objects.livePage("", BATCH); !page.isEmpty() && !stopping();
                    page = objects.livePage(page.getLast().checksum(), BATCH)) {
                checkPage(page, throttle, object -> progress.updateAndGet(now -> now.checked(object.sizeBytes())));
            }
            progress.updateAndGet(now -> now.ended(stopping() ? "failed" : "finished", clock.instant()));
        } catch (RuntimeException e) {
            log.error("scrub pass failed", e);
            progress.updateAndGet(now -> now.ended("failed", clock.instant()));
        } finally {
            inFullPass = false;
        }
    }

    /** Checks one copy; what fails beyond it (the database, say) is logged and counted as a problem, and the work goes on. */
    private boolean check(StoredObject object, Throttle throttle) {
        try {
            return checker.check(object, throttle, this::found);
        } catch (RuntimeException e) {
            log.warn("scrub of {} failed", object.checksum(), e);
            found(Finding.PROBLEM);
            return false;
        }
    }

    private void found(Finding finding) {
        counters.get(finding).increment();
        if (inFullPass) {
            progress.updateAndGet(now -> now.with(finding));
        }
    }

    private static boolean stopping() {
        return Thread.currentThread().isInterrupted();
    }

    private double oldestVerificationAgeSeconds() {
        return objects.oldestVerification().map(oldest -> (double) Duration.between(oldest, clock.instant()).toSeconds()).orElse(0.0);
    }
}
