package org.granary.dbmonitor.alert;

import java.time.Duration;
import java.util.List;
import org.granary.platform.outbound.RetrySchedule;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static java.util.Objects.requireNonNull;

/**
 * Settings of alert notifications ({@code granary.db-monitor.alerts.*}).
 *
 * @param webhookAllowList hosts ({@code host} or {@code host:port}) that webhooks may reach even
 *     when they are loopback or link-local; when not empty, webhooks may reach only these
 * @param connectTimeout how long to wait for a webhook's connection
 * @param responseTimeout how long to wait for a webhook's answer; a send is aborted after both
 * @param maxAttempts failed attempts after which a notification is given up (kept, with its last error)
 * @param maxBackoff the longest wait between two attempts (waits double from 1 s up to it)
 * @param sendInterval how often notifications due are looked for
 * @param maxInFlight notifications sent at once
 */
@ConfigurationProperties("granary.db-monitor.alerts")
record AlertProperties(
        @DefaultValue List<String> webhookAllowList,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("24") int maxAttempts,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("1s") Duration sendInterval,
        @DefaultValue("8") int maxInFlight) {
    AlertProperties {
        webhookAllowList = List.copyOf(requireNonNull(webhookAllowList, "granary.db-monitor.alerts.webhook-allow-list is null"));
        WebhookPolicy.allowList(webhookAllowList);
        positive("connect-timeout", connectTimeout);
        positive("response-timeout", responseTimeout);
        positive("max-backoff", maxBackoff);
        positive("send-interval", sendInterval);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("granary.db-monitor.alerts.max-attempts is at least 1, was " + maxAttempts);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("granary.db-monitor.alerts.max-in-flight is at least 1, was " + maxInFlight);
        }
    }

    /** The longest one send may take: the connection, then the answer. */
    Duration sendDeadline() {
        return connectTimeout.plus(responseTimeout);
    }

    RetrySchedule retrySchedule() {
        return new RetrySchedule(maxAttempts, maxBackoff);
    }

    private static void positive(String key, Duration value) {
        requireNonNull(value, "granary.db-monitor.alerts." + key + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("granary.db-monitor.alerts." + key + " must be positive, was " + value);
        }
    }
}
