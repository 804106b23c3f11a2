package org.granary.dbmonitor.alert;

import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

import static org.granary.dbmonitor.alert.RuleRepository.utc;

/**
 * Queues an alert's notifications, one per webhook of its rule, in the transaction that changes
 * the alert's state: they are sent later, apart from the polls. A silence holding for the alert
 * keeps them from being queued (the alert records which silence). A resolution is told only to
 * whom the firing was told.
 */
final class NotificationQueue {
    private final DSLContext sql;
    private final AlertRepository alerts;
    private final SilenceRepository silences;

    NotificationQueue(DSLContext sql) {
        this.sql = sql;
        this.alerts = new AlertRepository(sql);
        this.silences = new SilenceRepository(sql);
    }

    /** Queues the firing notifications unless silenced; whether they were queued. */
    boolean firing(AlertRule rule, AlertRepository.Row alert, Instant at) {
        if (silenced(rule, alert, at)) {
            return false;
        }
        queue(rule, alert, Alert.FIRING, NotificationMessage.of(rule, alert, Alert.FIRING, alert.value(), null), at);
        return true;
    }

    /** Queues the resolved notifications, when the firing ones were queued and no silence holds. */
    void resolved(AlertRule rule, AlertRepository.Row alert, double value, String note, Instant at) {
        if (!alert.firingQueued() || silenced(rule, alert, at)) {
            return;
        }
        queue(rule, alert, Alert.RESOLVED, NotificationMessage.of(rule, alert, Alert.RESOLVED, value, note), at);
    }

    private boolean silenced(AlertRule rule, AlertRepository.Row alert, Instant at) {
        Optional<Silence> silence = silences.holding(alert.cluster(), rule.name(), at);
        silence.ifPresent(holding -> alerts.silenced(alert.id(), holding.id()));
        return silence.isPresent();
    }

    private void queue(AlertRule rule, AlertRepository.Row alert, String state, String payload, Instant at) {
        for (Webhook webhook : rule.webhooks()) {
            sql.execute("INSERT INTO alert_notification (alert_id, state, webhook, payload, created_at, next_attempt_at) "
                    + "VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS timestamptz), CAST(? AS timestamptz))", alert.id(), state, webhook.url().toString(), payload, utc(at), utc(at));
        }
    }
}
