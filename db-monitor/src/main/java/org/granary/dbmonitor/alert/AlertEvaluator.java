package org.granary.dbmonitor.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.granary.dbmonitor.cluster.ClusterDefinition;
import org.granary.dbmonitor.status.Assessor;
import org.granary.dbmonitor.status.ClusterStatus;
import org.granary.dbmonitor.status.NodeStatus;
import org.granary.dbmonitor.status.Weather;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every rule in force against each new status of a cluster, per node (per cluster for
 * {@code weather}): an alert is pending when the rule's condition starts to hold, firing once it
 * held for the rule's duration, resolved when it stops holding; a pending alert that stops holding
 * is forgotten. A figure the poll could not read (a standby's lag while it is down) changes
 * nothing. The state is in the database, read at each status, so a restart carries on where it
 * was; firing and resolving queue their notifications in the same transaction.
 */
public final class AlertEvaluator implements Assessor.StatusListener {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    private final DSLContext sql;
    /** A cluster's statuses are evaluated one at a time, even when a slow one overlaps the next. */
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public AlertEvaluator(DSLContext sql) {
        this.sql = sql;
    }

    @Override
    public void assessed(ClusterDefinition cluster, ClusterStatus status) {
        ReentrantLock lock = locks.computeIfAbsent(cluster.name(), name -> new ReentrantLock());
        lock.lock();
        try {
            evaluate(status);
        } finally {
            lock.unlock();
        }
    }

    /** The figure a rule on a cluster's weather compares: 0 fair, 1 unknown, 2 cloudy, 3 stormy. */
    static double level(Weather weather) {
        return switch (weather) {
            case FAIR -> 0;
            case UNKNOWN -> 1;
            case CLOUDY -> 2;
            case STORMY -> 3;
        };
    }

    private record Key(long ruleId, String node) {
    }

    private void evaluate(ClusterStatus status) {
        List<AlertRule> rules = new RuleRepository(sql).live().stream().filter(rule -> rule.appliesTo(status.name())).toList();
        Map<Key, AlertRepository.Row> open = new HashMap<>();
        new AlertRepository(sql).open(status.name()).forEach(alert -> open.put(new Key(alert.ruleId(), alert.node()), alert));
        for (AlertRule rule : rules) {
            if (rule.onWeather()) {
                observe(rule, status.name(), null, status.polledAt() == null ? null : level(status.weather()), status.polledAt(),
                        open.remove(new Key(rule.id(), null)));
                continue;
            }
            for (NodeStatus node : status.nodes()) {
                observe(rule, status.name(), node.name(), node.metrics().get(rule.metric()), node.polledAt(),
                        open.remove(new Key(rule.id(), node.name())));
            }
        }
        for (AlertRepository.Row orphan : new ArrayList<>(open.values())) {
            end(orphan, status.polledAt() == null ? Instant.now() : status.polledAt());
        }
    }

    private void observe(AlertRule rule, String cluster, String node, Double value, Instant at, AlertRepository.Row alert) {
        if (value == null || at == null) {
            return;
        }
        boolean holds = rule.holds(value);
        if (alert == null) {
            if (holds) {
                start(rule, cluster, node, value, at);
            }
        } else if (alert.pending()) {
            if (!holds) {
                new AlertRepository(sql).drop(alert);
            } else if (Duration.between(alert.startedAt(), at).compareTo(rule.forDuration()) >= 0) {
                transaction(queue -> new AlertRepository(queue.sql()).fire(alert, value, at).ifPresent(fired -> {
                    LOG.info("alert {} firing: {}", fired.id(), NotificationMessage.text(rule, fired, Alert.FIRING, value, null));
                    queue.notifications().firing(rule, fired, at);
                }));
            }
        } else if (!holds) {
            transaction(queue -> new AlertRepository(queue.sql()).resolve(alert, at).ifPresent(resolved -> {
                LOG.info("alert {} resolved: {}", resolved.id(), NotificationMessage.text(rule, resolved, Alert.RESOLVED, value, null));
                queue.notifications().resolved(rule, resolved, value, null, at);
            }));
        } else if (!alert.firingQueued() && alert.silenceId() != null && !rule.webhooks().isEmpty()) {
            // fired while silenced: told once the silence is over, if it still fires
            transaction(queue -> queue.notifications().firing(rule, alert, at));
        }
    }

    private void start(AlertRule rule, String cluster, String node, double value, Instant at) {
        boolean firing = rule.forDuration().isZero();
        transaction(queue -> new AlertRepository(queue.sql()).start(rule.id(), cluster, node, value, at, firing)
                .filter(started -> firing).ifPresent(fired -> {
                    LOG.info("alert {} firing: {}", fired.id(), NotificationMessage.text(rule, fired, Alert.FIRING, value, null));
                    queue.notifications().firing(rule, fired, at);
                }));
    }

    /** An open alert no rule in force watches any more (its node left the cluster, its rule was deleted): pending is forgotten, firing resolved. */
    private void end(AlertRepository.Row alert, Instant at) {
        if (alert.pending()) {
            new AlertRepository(sql).drop(alert);
            return;
        }
        transaction(queue -> {
            RuleRepository rules = new RuleRepository(queue.sql());
            Optional<AlertRule> rule = rules.find(alert.ruleId());
            String note = rule.isPresent() && rules.deleted(alert.ruleId()) ? "the rule was deleted"
                    : "node " + alert.node() + " is no longer in cluster " + alert.cluster();
            new AlertRepository(queue.sql()).resolve(alert, at).ifPresent(resolved -> rule.ifPresent(found -> {
                LOG.info("alert {} resolved: {}", resolved.id(), note);
                queue.notifications().resolved(found, resolved, alert.value(), note, at);
            }));
        });
    }

    /** A transaction's statements and its notification queue. */
    private record Transaction(DSLContext sql, NotificationQueue notifications) {
    }

    private void transaction(java.util.function.Consumer<Transaction> work) {
        sql.transaction(configuration -> work.accept(new Transaction(configuration.dsl(), new NotificationQueue(configuration.dsl()))));
    }
}
