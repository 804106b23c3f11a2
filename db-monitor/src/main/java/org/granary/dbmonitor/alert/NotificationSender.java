package org.granary.dbmonitor.alert;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.granary.platform.outbound.RetrySchedule;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends the queued notifications, on threads of its own: the polls never wait for a receiver.
 * Every interval it looks for those due, and sends each on a virtual thread (at most
 * {@code max-in-flight} at once). A 2xx marks it sent; a failure that may pass is tried again
 * with backoff, another one is given up; either way the error is kept. A notification whose
 * alert a silence now covers waits until the silence ends (looked at again every minute). A
 * notification is claimed before it is sent (not due again for twice the send deadline), so that
 * no later look sends it twice. Stopping waits for the sends under way, so that a delivered
 * notification is recorded as such and not sent again after a restart.
 */
final class NotificationSender implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationSender.class);
    private static final Duration SILENCED_RECHECK = Duration.ofMinutes(1);

    private final DSLContext sql;
    private final WebhookClient client;
    private final AlertProperties properties;
    private final Clock clock;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService ticker;
    private volatile ExecutorService sends;
    private volatile ScheduledFuture<?> passes;

    NotificationSender(DSLContext sql, WebhookClient client, AlertProperties properties, Clock clock) {
        this.sql = sql;
        this.client = client;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void start() {
        sends = Executors.newVirtualThreadPerTaskExecutor();
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("db-monitor-notifications").daemon().factory());
        passes = ticker.scheduleWithFixedDelay(this::pass, 0, properties.sendInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look for notifications due. */
    void pass() {
        try {
            int room = properties.maxInFlight() - inFlight.size();
            if (room <= 0) {
                return;
            }
            Instant now = clock.instant();
            NotificationRepository notifications = new NotificationRepository(sql);
            List<Silence> silences = new SilenceRepository(sql).holding(now);
            for (NotificationRepository.Due due : notifications.due(now, room + inFlight.size())) {
                if (inFlight.size() >= properties.maxInFlight()) {
                    return;
                }
                Optional<Silence> silence = silences.stream().filter(holding -> holding.silences(due.cluster(), due.rule()))
                        .max((a, b) -> a.until().compareTo(b.until()));
                if (silence.isPresent()) {
                    // looked at again soon: the silence may be ended early
                    Instant later = now.plus(SILENCED_RECHECK);
                    notifications.postpone(due, silence.get().until().isBefore(later) ? silence.get().until() : later);
                } else if (notifications.claim(due, now, now.plus(properties.sendDeadline().multipliedBy(2)).plusSeconds(10))
                        && inFlight.add(due.id())) {
                    sends.execute(() -> send(due));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("looking for notifications to send failed; the next pass tries again", e);
        }
    }

    private void send(NotificationRepository.Due due) {
        try {
            SendResult result = client.send(due.webhook(), due.id(), due.payload());
            Instant now = clock.instant();
            NotificationRepository notifications = new NotificationRepository(sql);
            if (result.delivered()) {
                sql.transaction(configuration -> new NotificationRepository(configuration.dsl()).delivered(due, now));
                LOG.info("alert {} {}: notified {} (notification {})", due.alertId(), due.state(), due.webhook(), due.id());
                return;
            }
            int failed = due.attempts() + 1;
            RetrySchedule retries = properties.retrySchedule();
            if (!result.retriable() || retries.exhausted(failed)) {
                notifications.failed(due, result.error(), now, null);
                LOG.error("alert {} {}: {} given up after {} attempts: {}", due.alertId(), due.state(), due.webhook(), failed, result.error());
            } else {
                Instant next = retries.nextAttempt(failed, now);
                notifications.failed(due, result.error(), now, next);
                LOG.warn("alert {} {}: {} failed (attempt {}), tried again at {}: {}", due.alertId(), due.state(), due.webhook(), failed, next,
                        result.error());
            }
        } catch (RuntimeException e) {
            LOG.error("alert {} {}: the outcome of notification {} could not be recorded; it is tried again", due.alertId(), due.state(),
                    due.id(), e);
        } finally {
            inFlight.remove(due.id());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping = ticker;
        ticker = null;
        if (stopping == null) {
            return;
        }
        passes.cancel(false);
        stopping.shutdownNow();
        sends.shutdown();
        try {
            if (!sends.awaitTermination(properties.sendDeadline().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                LOG.warn("notifications still being sent at shutdown: {}", inFlight);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("closing the webhook client failed", e);
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }
}
