package org.granary.ingest.event;

import java.time.Duration;
import java.util.List;
import org.granary.platform.outbound.RetrySchedule;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static java.util.Objects.requireNonNull;

/**
 * Settings of event delivery ({@code granary.ingest.events.*}).
 *
 * @param maxAttempts failed attempts after which a delivery becomes a dead letter
 * @param maxBackoff the longest wait between two attempts (waits double from 1 s up to it)
 * @param pollInterval how often new events are fanned out and due deliveries looked for
 * @param lease how long a claimed delivery stays with the instance sending it; if no outcome is
 *     recorded by then (the instance died), it is due again. Longer than a send may take
 * @param connectTimeout how long to wait for a subscriber's connection
 * @param responseTimeout how long to wait for a subscriber's answer (between two packets, and in
 *     all together with the connection)
 * @param maxInFlightPerSubscription deliveries sent to one subscription at once, over all instances
 * @param maxInFlight deliveries one instance sends at once (its connection pool's size)
 * @param retention delivered deliveries, and events no delivery refers to any more, are deleted
 *     once older than this
 * @param retentionInterval how often retention runs
 * @param callbackAllowList hosts ({@code host} or {@code host:port}) that callbacks may reach even
 *     when they are loopback or link-local; when not empty, callbacks may reach only these
 */
@ConfigurationProperties("granary.ingest.events")
record EventsProperties(
        @DefaultValue("15") int maxAttempts,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("1m") Duration lease,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration responseTimeout,
        @DefaultValue("4") int maxInFlightPerSubscription,
        @DefaultValue("64") int maxInFlight,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration retentionInterval,
        @DefaultValue List<String> callbackAllowList) {
    EventsProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("granary.ingest.events.max-attempts must be at least 1, was " + maxAttempts);
        }
        positive("max-backoff", maxBackoff);
        positive("poll-interval", pollInterval);
        positive("lease", lease);
        positive("connect-timeout", connectTimeout);
        positive("response-timeout", responseTimeout);
        positive("retention", retention);
        positive("retention-interval", retentionInterval);
        if (lease.compareTo(sendDeadline(connectTimeout, responseTimeout)) <= 0) {
            throw new IllegalArgumentException("granary.ingest.events.lease (" + lease + ") must be longer than connect-timeout plus "
                    + "response-timeout (" + sendDeadline(connectTimeout, responseTimeout) + "): a send outlasting its lease is made twice");
        }
        if (maxInFlightPerSubscription < 1 || maxInFlightPerSubscription > maxInFlight) {
            throw new IllegalArgumentException("granary.ingest.events.max-in-flight-per-subscription must be between 1 and max-in-flight ("
                    + maxInFlight + "), was " + maxInFlightPerSubscription);
        }
        callbackAllowList = List.copyOf(requireNonNull(callbackAllowList, "granary.ingest.events.callback-allow-list is null"));
        CallbackPolicy.allowList(callbackAllowList);
    }

    /** The longest a send may take: the connection, then the answer. */
    Duration sendDeadline() {
        return sendDeadline(connectTimeout, responseTimeout);
    }

    RetrySchedule retrySchedule() {
        return new RetrySchedule(maxAttempts, maxBackoff);
    }

    private static Duration sendDeadline(Duration connectTimeout, Duration responseTimeout) {
        return connectTimeout.plus(responseTimeout);
    }

    private static void positive(String key, Duration value) {
        requireNonNull(value, "granary.ingest.events." + key + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("granary.ingest.events." + key + " must be positive, was " + value);
        }
    }
}
