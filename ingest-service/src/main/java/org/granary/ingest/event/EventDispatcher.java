package org.granary.ingest.event;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves events from the outbox to the subscribers: fans new events out into deliveries, then
 * POSTs the due deliveries. A failed delivery is tried again after 1, 2, 4, ... seconds (at most
 * {@code maxBackoff} apart) and becomes a dead letter after {@code maxAttempts}.
 */
@Component
class EventDispatcher {
    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
    static final String EVENT_ID_HEADER = "Granary-Event-Id";
    private static final int BATCH = 20;
    private static final int FAN_OUT_BATCH = 500;

    private final EventRepository events;
    private final DSLContext database;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration maxBackoff;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    EventDispatcher(EventRepository events, DSLContext database, MeterRegistry metrics,
            @Value("${granary.ingest.events.max-attempts:15}") int maxAttempts,
            @Value("${granary.ingest.events.max-backoff:5m}") Duration maxBackoff) {
        this.events = events;
        this.database = database;
        this.clock = Clock.systemUTC();
        this.maxAttempts = maxAttempts;
        this.maxBackoff = maxBackoff;
        Gauge.builder("granary.ingest.outbox.backlog", events, EventRepository::backlog)
                .description("Events not yet fanned out plus deliveries not yet made").register(metrics);
    }

    @Scheduled(fixedDelayString = "${granary.ingest.events.poll-interval:500ms}")
    void dispatch() {
        while (events.fanOut(FAN_OUT_BATCH) == FAN_OUT_BATCH) {
            // a full batch: more may be waiting. A short one means caught up; looping on it chased
            // each new push with a transaction of its own, dozens a second under load.
        }
        int sent;
        do {
            sent = database.transactionResult(configuration -> {
                var due = events.claimDue(configuration.dsl(), BATCH);
                due.forEach(delivery -> send(configuration.dsl(), delivery));
                return due.size();
            });
        } while (sent == BATCH);
    }

    private void send(DSLContext transaction, EventRepository.Due due) {
        Delivery delivery = due.delivery();
        String error;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(due.callbackUrl()))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header(EVENT_ID_HEADER, String.valueOf(delivery.eventId()))
                    .POST(HttpRequest.BodyPublishers.ofString(due.payload())).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                events.delivered(transaction, delivery.id());
                return;
            }
            error = "answered " + response.statusCode();
        } catch (java.io.IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        int attempts = delivery.attempts() + 1;
        boolean dead = attempts >= maxAttempts;
        Duration backoff = Duration.ofSeconds(1L << Math.min(attempts - 1, 20));
        Instant next = clock.instant().plus(backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff);
        events.failed(transaction, delivery.id(), error, next, dead);
        if (dead) {
            log.warn("delivery {} of event {} to {} is dead after {} attempts: {}", delivery.id(), delivery.eventId(), due.callbackUrl(), attempts, error);
        }
    }
}
