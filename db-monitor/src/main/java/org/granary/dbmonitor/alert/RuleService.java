package org.granary.dbmonitor.alert;

import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.granary.dbmonitor.cluster.Clusters;
import org.granary.dbmonitor.status.NodeStatus;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes, lists and deletes alert rules; a deleted rule's firing alerts are resolved, and told so. */
final class RuleService {
    private static final Logger LOG = LoggerFactory.getLogger(RuleService.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,199}");
    private static final Duration LONGEST_FOR = Duration.ofDays(7);
    private static final int MOST_WEBHOOKS = 5;
    private static final String UNIQUE_VIOLATION = "23505";

    /** A rule as written, every field as given, checked here. */
    record Definition(String name, String metric, String comparison, Double threshold, String forDuration, String severity, String cluster,
            List<String> webhooks) {
    }

    /** The rule, and whether this call wrote it (or found the very same one written before). */
    record Written(AlertRule rule, boolean created) {
    }

    private final DSLContext sql;
    private final Clusters clusters;
    private final WebhookPolicy policy;
    private final Clock clock;

    RuleService(DSLContext sql, Clusters clusters, WebhookPolicy policy, Clock clock) {
        this.sql = sql;
        this.clusters = clusters;
        this.policy = policy;
        this.clock = clock;
    }

    List<AlertRule> list() {
        return new RuleRepository(sql).live();
    }

    /**
     * Writes a rule: 400 saying what is wrong with it; the same rule again is an idempotent
     * repeat; another rule of the same name in force is a conflict (409).
     */
    Written create(Definition definition, String author) {
        AlertRule rule = validate(definition, author);
        RuleRepository rules = new RuleRepository(sql);
        Optional<AlertRule> existing = rules.live(rule.name());
        if (existing.isEmpty()) {
            try {
                AlertRule created = rules.insert(rule);
                LOG.info("alert rule {} '{}' written by {}: {} {} {} for {}, {}, webhooks {}", created.id(), created.name(), author,
                        created.metric(), created.comparison().wireName(), created.threshold(), created.forText(),
                        created.cluster() == null ? "every cluster" : "cluster " + created.cluster(), created.webhooks());
                return new Written(created, true);
            } catch (DataAccessException e) {
                if (!UNIQUE_VIOLATION.equals(e.sqlState())) {
                    throw e;
                }
                existing = rules.live(rule.name()); // written at the same moment by another call
            }
        }
        AlertRule found = existing.orElseThrow(() -> new GranaryException(ErrorCode.CONFLICT, "rule " + rule.name() + " changed meanwhile"));
        if (!found.sameDefinition(rule)) {
            throw new GranaryException(ErrorCode.CONFLICT, "a different rule named '" + rule.name() + "' exists (id " + found.id()
                    + "); delete it first or choose another name");
        }
        return new Written(found, false);
    }

    /** Deletes a rule in force (a repeat does nothing); its pending alerts are forgotten and its firing ones resolved. 404 for no such rule. */
    void delete(long id, String by) {
        Instant now = clock.instant();
        sql.transaction(configuration -> {
            DSLContext transaction = configuration.dsl();
            RuleRepository rules = new RuleRepository(transaction);
            AlertRule rule = rules.find(id).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no alert rule " + id));
            if (!rules.delete(id, by, now)) {
                return;
            }
            AlertRepository alerts = new AlertRepository(transaction);
            NotificationQueue notifications = new NotificationQueue(transaction);
            for (AlertRepository.Row alert : alerts.openOf(id)) {
                if (alert.pending()) {
                    alerts.drop(alert);
                } else {
                    alerts.resolve(alert, now).ifPresent(resolved -> notifications.resolved(rule, resolved, alert.value(), "the rule was deleted",
                            now));
                }
            }
            LOG.info("alert rule {} '{}' deleted by {}", id, rule.name(), by);
        });
    }

    private AlertRule validate(Definition definition, String author) {
        List<String> problems = new ArrayList<>();
        String name = definition.name() == null ? null : definition.name().strip();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name is 1 to 200 letters, digits, spaces or . _ : / -, starting with a letter or digit");
        }
        String metric = definition.metric();
        if (metric == null || !(metric.equals(AlertRule.WEATHER) || NodeStatus.METRICS.contains(metric))) {
            problems.add("metric is weather (0 fair, 1 unknown, 2 cloudy, 3 stormy) or one of " + NodeStatus.METRICS.stream().sorted().toList()
                    + ", was " + (metric == null ? "absent" : "'" + metric + "'"));
        }
        Comparison comparison = parse(problems, () -> Comparison.parse(definition.comparison()));
        Severity severity = parse(problems, () -> Severity.parse(definition.severity()));
        if (definition.threshold() == null || !Double.isFinite(definition.threshold())) {
            problems.add("threshold is a number");
        }
        Duration forDuration = definition.forDuration() == null ? Duration.ZERO : parse(problems, () -> Durations.parse(definition.forDuration()));
        if (forDuration != null && (forDuration.isNegative() || forDuration.compareTo(LONGEST_FOR) > 0)) {
            problems.add("for is from 0 to 7 days, was " + definition.forDuration());
        }
        if (definition.cluster() != null && clusters.find(definition.cluster()).isEmpty()) {
            problems.add("no cluster " + definition.cluster() + " is watched (leave cluster out for every cluster)");
        }
        List<Webhook> webhooks = webhooks(definition.webhooks(), problems);
        if (!problems.isEmpty()) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "invalid alert rule: " + String.join("; ", problems));
        }
        return new AlertRule(0, name, metric, comparison, definition.threshold(), forDuration, severity, definition.cluster(), webhooks,
                clock.instant(), author);
    }

    private List<Webhook> webhooks(List<String> urls, List<String> problems) {
        List<String> given = urls == null ? List.of() : urls;
        if (given.size() > MOST_WEBHOOKS) {
            problems.add("at most " + MOST_WEBHOOKS + " webhooks");
            return List.of();
        }
        List<Webhook> webhooks = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String number = "webhook " + (i + 1) + ": ";
            String url = given.get(i);
            Webhook webhook = parse(problems, () -> Webhook.parse(url));
            if (webhook == null) {
                problems.set(problems.size() - 1, number + problems.getLast());
                continue;
            }
            try {
                policy.check(webhook);
                webhooks.add(webhook);
            } catch (WebhookRefusedException e) {
                problems.add(number + webhook.scrub(e.getMessage()));
            } catch (UnknownHostException e) {
                problems.add(number + "its host " + webhook.url().getHost() + " does not resolve");
            }
        }
        return webhooks;
    }

    private static <T> T parse(List<String> problems, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
