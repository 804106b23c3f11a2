package org.granary.dbmonitor.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

import static org.granary.dbmonitor.alert.RuleRepository.utc;
import static org.granary.dbmonitor.alert.SilenceRepository.instant;

/** The {@code alert} table: open alerts and their history. */
final class AlertRepository {
    /**
     * An alert row as the evaluator needs it.
     *
     * @param firingQueued whether its firing notifications were queued (then its resolution is told too)
     */
    record Row(long id, long ruleId, String cluster, String node, String state, double value, Instant startedAt, Instant firedAt,
            Instant resolvedAt, Long silenceId, boolean firingQueued) {
        boolean pending() {
            return Alert.PENDING.equals(state);
        }
    }

    private static final String ROW = "a.id, a.rule_id, a.cluster, a.node, a.state, a.value, a.started_at, a.fired_at, a.resolved_at, "
            + "a.silence_id, EXISTS (SELECT 1 FROM alert_notification n WHERE n.alert_id = a.id AND n.state = 'firing') AS firing_queued";

    private final DSLContext sql;

    AlertRepository(DSLContext sql) {
        this.sql = sql;
    }

    /** A cluster's alerts pending or firing. */
    List<Row> open(String cluster) {
        return sql.fetch("SELECT " + ROW + " FROM alert a WHERE a.cluster = ? AND a.state <> 'resolved'", cluster).map(AlertRepository::row);
    }

    /** A rule's alerts pending or firing, on any cluster. */
    List<Row> openOf(long ruleId) {
        return sql.fetch("SELECT " + ROW + " FROM alert a WHERE a.rule_id = ? AND a.state <> 'resolved' FOR UPDATE", ruleId)
                .map(AlertRepository::row);
    }

    /**
     * A new alert, pending or (for a rule without duration) firing at once; empty when the rule
     * was deleted meanwhile.
     */
    Optional<Row> start(long ruleId, String cluster, String node, double value, Instant at, boolean firing) {
        return sql.fetchOptional("INSERT INTO alert (rule_id, cluster, node, state, value, started_at, fired_at) SELECT ?, ?, ?, ?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz) "
                + "WHERE EXISTS (SELECT 1 FROM alert_rule WHERE id = ? AND deleted_at IS NULL) RETURNING id", ruleId, cluster, node,
                firing ? Alert.FIRING : Alert.PENDING, value, utc(at), firing ? utc(at) : null, ruleId)
                .map(row -> new Row(row.get(0, Long.class), ruleId, cluster, node, firing ? Alert.FIRING : Alert.PENDING, value, at,
                        firing ? at : null, null, null, false));
    }

    /** A pending alert fires; empty when it was no longer pending. */
    Optional<Row> fire(Row alert, double value, Instant at) {
        int changed = sql.execute("UPDATE alert SET state = 'firing', value = ?, fired_at = CAST(? AS timestamptz) WHERE id = ? AND state = 'pending'", value,
                utc(at), alert.id());
        return changed == 1 ? Optional.of(new Row(alert.id(), alert.ruleId(), alert.cluster(), alert.node(), Alert.FIRING, value,
                alert.startedAt(), at, null, alert.silenceId(), false)) : Optional.empty();
    }

    /** A pending alert that stopped holding before it fired is forgotten. */
    void drop(Row alert) {
        sql.execute("DELETE FROM alert WHERE id = ? AND state = 'pending'", alert.id());
    }

    /** A firing alert is resolved; empty when it was not firing any more. */
    Optional<Row> resolve(Row alert, Instant at) {
        int changed = sql.execute("UPDATE alert SET state = 'resolved', resolved_at = CAST(? AS timestamptz) WHERE id = ? AND state = 'firing'", utc(at), alert.id());
        return changed == 1 ? Optional.of(new Row(alert.id(), alert.ruleId(), alert.cluster(), alert.node(), Alert.RESOLVED, alert.value(),
                alert.startedAt(), alert.firedAt(), at, alert.silenceId(), alert.firingQueued())) : Optional.empty();
    }

    void silenced(long alertId, long silenceId) {
        sql.execute("UPDATE alert SET silence_id = ? WHERE id = ?", silenceId, alertId);
    }

    /** The history, newest first: optionally one cluster's, one state's, one rule's, and before an alert's number (keyset). */
    List<Alert> history(String cluster, String state, String rule, Long before, int limit) {
        StringBuilder query = new StringBuilder("""
                SELECT a.id, a.rule_id, r.name, r.metric, r.comparison, r.threshold, r.severity, a.cluster, a.node, a.state, a.value,
                       a.started_at, a.fired_at, a.resolved_at, a.notified_firing_at, a.notified_resolved_at, a.silence_id
                FROM alert a JOIN alert_rule r ON r.id = a.rule_id WHERE true""");
        List<Object> values = new ArrayList<>();
        if (cluster != null) {
            query.append(" AND a.cluster = ?");
            values.add(cluster);
        }
        if (state != null) {
            query.append(" AND a.state = ?");
            values.add(state);
        }
        if (rule != null) {
            query.append(" AND r.name = ?");
            values.add(rule);
        }
        if (before != null) {
            query.append(" AND a.id < ?");
            values.add(before);
        }
        query.append(" ORDER BY a.id DESC LIMIT ?");
        values.add(limit);
        return sql.fetch(query.toString(), values.toArray()).map(row -> new Alert(row.get("id", Long.class), row.get("rule_id", Long.class),
                row.get("name", String.class), row.get("metric", String.class), Comparison.parse(row.get("comparison", String.class)),
                row.get("threshold", Double.class), Severity.parse(row.get("severity", String.class)), row.get("cluster", String.class),
                row.get("node", String.class), row.get("state", String.class), row.get("value", Double.class), instant(row, "started_at"),
                instant(row, "fired_at"), instant(row, "resolved_at"), instant(row, "notified_firing_at"), instant(row, "notified_resolved_at"),
                row.get("silence_id", Long.class)));
    }

    private static Row row(Record row) {
        return new Row(row.get("id", Long.class), row.get("rule_id", Long.class), row.get("cluster", String.class), row.get("node", String.class),
                row.get("state", String.class), row.get("value", Double.class), instant(row, "started_at"), instant(row, "fired_at"),
                instant(row, "resolved_at"), row.get("silence_id", Long.class), row.get("firing_queued", Boolean.class));
    }
}
