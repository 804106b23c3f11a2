package org.granary.dbmonitor.alert;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/** The {@code alert_rule} table: rules in force, and deleted ones kept for their alerts' record. */
final class RuleRepository {
    private static final String COLUMNS = "id, name, metric, comparison, threshold, for_millis, severity, cluster, webhooks, created_at, "
            + "created_by";

    private final DSLContext sql;

    RuleRepository(DSLContext sql) {
        this.sql = sql;
    }

    /** Every rule in force, oldest first. */
    List<AlertRule> live() {
        return sql.fetch("SELECT " + COLUMNS + " FROM alert_rule WHERE deleted_at IS NULL ORDER BY id").map(RuleRepository::read);
    }

    Optional<AlertRule> live(String name) {
        return sql.fetchOptional("SELECT " + COLUMNS + " FROM alert_rule WHERE name = ? AND deleted_at IS NULL", name).map(RuleRepository::read);
    }

    /** A rule, in force or deleted. */
    Optional<AlertRule> find(long id) {
        return sql.fetchOptional("SELECT " + COLUMNS + " FROM alert_rule WHERE id = ?", id).map(RuleRepository::read);
    }

    boolean deleted(long id) {
        return sql.fetchOptional("SELECT 1 FROM alert_rule WHERE id = ? AND deleted_at IS NOT NULL", id).isPresent();
    }

    AlertRule insert(AlertRule rule) {
        String[] webhooks = rule.webhooks().stream().map(webhook -> webhook.url().toString()).toArray(String[]::new);
        return read(sql.fetchOne("INSERT INTO alert_rule (name, metric, comparison, threshold, for_millis, severity, cluster, webhooks, "
                + "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS timestamptz), ?) RETURNING " + COLUMNS, rule.name(), rule.metric(),
                rule.comparison().wireName(), rule.threshold(), rule.forDuration().toMillis(), rule.severity().wireName(), rule.cluster(),
                webhooks, utc(rule.createdAt()), rule.createdBy()));
    }

    /** Marks a rule in force deleted; false when it was not in force. */
    boolean delete(long id, String by, Instant at) {
        return sql.execute("UPDATE alert_rule SET deleted_at = CAST(? AS timestamptz), deleted_by = ? WHERE id = ? AND deleted_at IS NULL", utc(at), by, id) == 1;
    }

    private static AlertRule read(Record row) {
        String[] webhooks = row.get("webhooks", String[].class);
        return new AlertRule(row.get("id", Long.class), row.get("name", String.class), row.get("metric", String.class),
                Comparison.parse(row.get("comparison", String.class)), row.get("threshold", Double.class),
                Duration.ofMillis(row.get("for_millis", Long.class)), Severity.parse(row.get("severity", String.class)),
                row.get("cluster", String.class), Arrays.stream(webhooks).map(URI::create).map(Webhook::new).toList(),
                row.get("created_at", OffsetDateTime.class).toInstant(), row.get("created_by", String.class));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
