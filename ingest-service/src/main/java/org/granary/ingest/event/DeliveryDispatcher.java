package org.granary.ingest.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.granary.platform.outbound.RetrySchedule;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Claims due deliveries and sends each on the executor, outside any transaction, then records
 * its outcome: delivered, due again after the {@link RetrySchedule}'s wait, or dead. A claim takes
 * no more than this instance may still have in flight, and no more for a subscription than its
 * bound, so a subscriber that does not answer holds only its own deliveries back.
 */
final class DeliveryDispatcher {
    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final DeliveryQueue queue;
    private final CallbackSender sender;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final Duration lease;
    private final int maxInFlightPerSubscription;
    private final int maxInFlight;
    private final Executor executor;
    private final Runnable onFinished;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** {@code onFinished} runs after each send's outcome is recorded (or failed to be): room for another claim. */
    DeliveryDispatcher(DeliveryQueue queue, CallbackSender sender, Clock clock, EventsProperties properties, Executor executor,
            Runnable onFinished) {
        this.queue = requireNonNull(queue, "queue is null");
        this.sender = requireNonNull(sender, "sender is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.schedule = properties.retrySchedule();
        this.lease = properties.lease();
        this.maxInFlightPerSubscription = properties.maxInFlightPerSubscription();
        this.maxInFlight = properties.maxInFlight();
        this.executor = requireNonNull(executor, "executor is null");
        this.onFinished = requireNonNull(onFinished, "onFinished is null");
    }

    /** Claims what may be sent now and hands each delivery to the executor; returns how many. */
    int dispatchDue() {
        int room = maxInFlight - inFlight.get();
        if (room <= 0) {
            return 0;
        }
        Instant now = now();
        List<ClaimedDelivery> claimed = queue.claim(now, now.plus(lease), maxInFlightPerSubscription, room);
        for (ClaimedDelivery delivery : claimed) {
            inFlight.incrementAndGet();
            executor.execute(() -> {
                try {
                    attempt(delivery);
                } catch (RuntimeException e) {
                    log.warn("the outcome of delivery {} was not recorded; it is sent again once its lease ends at {}", delivery.id(),
                            delivery.leasedUntil(), e);
                } finally {
                    inFlight.decrementAndGet();
                    onFinished.run();
                }
            });
        }
        return claimed.size();
    }

    /** Deliveries handed to the executor whose outcome is not yet recorded. */
    int inFlight() {
        return inFlight.get();
    }

    private void attempt(ClaimedDelivery delivery) {
        SendResult result = sender.send(delivery);
        Instant now = now();
        if (result.delivered()) {
            queue.delivered(delivery, now);
            return;
        }
        int failedAttempts = delivery.attempts() + 1;
        if (schedule.exhausted(failedAttempts)) {
            queue.dead(delivery, result.error());
            log.warn("delivery {} of event {} to {} is dead after {} attempts: {}", delivery.id(), delivery.eventId(), delivery.target(),
                    failedAttempts, result.error());
        } else {
            Instant next = schedule.nextAttempt(failedAttempts, now);
            queue.failed(delivery, result.error(), next);
            // The first failure is what an operator needs to see; the retries of a subscriber that stays down would flood the log.
            if (failedAttempts == 1) {
                log.warn("delivery {} of event {} to {} failed, tried again at {}: {}", delivery.id(), delivery.eventId(), delivery.target(), next,
                        result.error());
            } else {
                log.debug("delivery {} of event {} failed again (attempt {}), tried again at {}: {}", delivery.id(), delivery.eventId(), failedAttempts,
                        next, result.error());
            }
        }
    }

    /** PostgreSQL keeps microseconds: a lease must read back as it was written to fence its outcome. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
