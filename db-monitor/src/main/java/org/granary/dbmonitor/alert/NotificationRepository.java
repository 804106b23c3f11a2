package org.granary.dbmonitor.alert;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

import static org.granary.dbmonitor.alert.RuleRepository.utc;

/** The {@code alert_notification} outbox: what is due, and each attempt's outcome. */
final class NotificationRepository {
    /** A notification to send now. */
    record Due(long id, long alertId, String state, Webhook webhook, String payload, int attempts, String cluster, String rule) {
    }

    private final DSLContext sql;

    NotificationRepository(DSLContext sql) {
        this.sql = sql;
    }

    /**
     * Notifications due at {@code now}, the oldest first; one waits while an earlier one of the
     * same alert to the same webhook is unsent (a resolution never overtakes its firing).
     */
    List<Due> due(Instant now, int limit) {
        return sql.fetch("""
                SELECT n.id, n.alert_id, n.state, n.webhook, n.payload::text AS payload, n.attempts, a.cluster, r.name AS rule
                FROM alert_notification n JOIN alert a ON a.id = n.alert_id JOIN alert_rule r ON r.id = a.rule_id
                WHERE n.sent_at IS NULL AND n.given_up_at IS NULL AND n.next_attempt_at <= CAST(? AS timestamptz)
                  AND NOT EXISTS (SELECT 1 FROM alert_notification e WHERE e.alert_id = n.alert_id AND e.webhook = n.webhook
                                  AND e.id < n.id AND e.sent_at IS NULL AND e.given_up_at IS NULL)
                ORDER BY n.next_attempt_at, n.id LIMIT ?""", utc(now), limit)
                .map(row -> new Due(row.get("id", Long.class), row.get("alert_id", Long.class), row.get("state", String.class),
                        new Webhook(URI.create(row.get("webhook", String.class))), row.get("payload", String.class),
                        row.get("attempts", Integer.class), row.get("cluster", String.class), row.get("rule", String.class)));
    }

    /**
     * Takes a due notification to send it: it is not due again before {@code leaseUntil}, so that
     * no later look sends it a second time meanwhile; false when it was no longer due.
     */
    boolean claim(Due notification, Instant now, Instant leaseUntil) {
        return sql.execute("UPDATE alert_notification SET next_attempt_at = CAST(? AS timestamptz) WHERE id = ? AND sent_at IS NULL AND given_up_at IS NULL "
                + "AND next_attempt_at <= CAST(? AS timestamptz)", utc(leaseUntil), notification.id(), utc(now)) == 1;
    }

    /** Records a 2xx; the alert is notified of that state once every webhook has taken it. */
    void delivered(Due notification, Instant at) {
        sql.execute("UPDATE alert_notification SET sent_at = CAST(? AS timestamptz), attempts = attempts + 1, last_error = NULL WHERE id = ?", utc(at),
                notification.id());
        String column = Alert.FIRING.equals(notification.state()) ? "notified_firing_at" : "notified_resolved_at";
        sql.execute("UPDATE alert SET " + column + " = CAST(? AS timestamptz) WHERE id = ? AND " + column + " IS NULL AND NOT EXISTS (SELECT 1 FROM "
                + "alert_notification WHERE alert_id = ? AND state = ? AND sent_at IS NULL)", utc(at), notification.alertId(),
                notification.alertId(), notification.state());
    }

    /** Records a failed attempt, to be tried again at {@code next}, or given up when that is null. */
    void failed(Due notification, String error, Instant at, Instant next) {
        sql.execute("UPDATE alert_notification SET attempts = attempts + 1, last_error = ?, next_attempt_at = coalesce(CAST(? AS timestamptz), next_attempt_at), "
                + "given_up_at = CAST(? AS timestamptz) WHERE id = ?", error, utc(next), next == null ? utc(at) : null, notification.id());
    }

    /** Holds a notification back until {@code until} (a silence's end). */
    void postpone(Due notification, Instant until) {
        sql.execute("UPDATE alert_notification SET next_attempt_at = CAST(? AS timestamptz) WHERE id = ?", utc(until), notification.id());
    }
}
