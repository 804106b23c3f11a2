package org.granary.ingest.event;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Moves events from the outbox to the subscribers, on a thread of its own: every poll interval it
 * fans new events out into deliveries; then it claims due deliveries, sent each on a virtual
 * thread of its own, and claims again whenever a send ends (room for another) or the poll
 * interval passes. On shutdown it claims no more and gives the sends in flight a few seconds, then
 * interrupts them: at least once holds without waiting on a subscriber that does not answer, since
 * a send whose outcome is not recorded is made again once its lease ends.
 */
@Component
class DeliveryLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final int FAN_OUT_BATCH = 500;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final EventRepository events;
    private final DeliveryDispatcher dispatcher;
    private final Duration pollInterval;
    private final Semaphore wakeUp = new Semaphore(0);
    private final ExecutorService sends = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("event-delivery-", 0).factory());
    private volatile boolean running;
    private volatile Thread loop;

    DeliveryLoop(EventRepository events, EventDeliveryRepository deliveries, CallbackClient callbacks, EventsProperties properties,
            MeterRegistry metrics) {
        this.events = events;
        this.pollInterval = properties.pollInterval();
        this.dispatcher = new DeliveryDispatcher(deliveries, callbacks, Clock.systemUTC(), properties, sends, wakeUp::release);
        Gauge.builder("granary.ingest.outbox.backlog", events, EventRepository::backlog)
                .description("Events not yet fanned out plus deliveries not yet made").register(metrics);
    }

    @Override
    public void start() {
        running = true;
        loop = Thread.ofPlatform().name("event-dispatcher").daemon().start(this::run);
    }

    @Override
    public void stop() {
        if (loop == null) {
            return;
        }
        running = false;
        wakeUp.release();
        try {
            loop.join(pollInterval.plus(SHUTDOWN_GRACE).toMillis());
            sends.shutdown();
            if (!sends.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} deliveries still in flight at shutdown are interrupted; those whose outcome is not recorded are sent again "
                        + "when their leases end", dispatcher.inFlight());
                sends.shutdownNow();
                if (!sends.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("deliveries still in flight after their interruption; their leases will end");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sends.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        long lastFanOut = System.nanoTime() - pollInterval.toNanos();
        while (running) {
            try {
                if (System.nanoTime() - lastFanOut >= pollInterval.toNanos()) {
                    lastFanOut = System.nanoTime();
                    fanOut();
                }
                dispatcher.dispatchDue();
            } catch (RuntimeException e) {
                log.warn("event delivery pass failed; trying again in {}", pollInterval, e);
            }
            awaitWakeUp();
        }
    }

    private void fanOut() {
        while (running && events.fanOut(FAN_OUT_BATCH) == FAN_OUT_BATCH) {
            // a full batch: more may be waiting. A short one means caught up; looping on it chased
            // each new push with a transaction of its own, dozens a second under load.
        }
    }

    /** Until a send ends or the poll interval passes; the wake-ups of several ended sends make one claim. */
    private void awaitWakeUp() {
        try {
            if (wakeUp.tryAcquire(pollInterval.toNanos(), TimeUnit.NANOSECONDS)) {
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
