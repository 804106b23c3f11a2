package org.granary.dbmonitor.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A rule: an alert is raised for each node (or, on {@code weather}, for the cluster) where the
 * figure compares with the threshold, and fires once that held for the duration.
 *
 * @param id its number
 * @param name unique among the rules in force
 * @param metric a node's figure ({@code lag_seconds}, {@code up}, ...) or {@code weather} (0 fair,
 *     1 unknown, 2 cloudy, 3 stormy)
 * @param comparison above or below the threshold
 * @param threshold the figure's limit
 * @param forDuration how long the comparison must hold before the alert fires
 * @param severity warning or critical
 * @param cluster the one cluster it watches; null for every cluster
 * @param webhooks where its notifications go (shown redacted)
 * @param createdAt when it was written
 * @param createdBy the label of the token that wrote it
 */
record AlertRule(long id, String name, String metric, Comparison comparison, double threshold, @JsonIgnore Duration forDuration,
        Severity severity, String cluster, List<Webhook> webhooks, Instant createdAt, String createdBy) {
    static final String WEATHER = "weather";

    AlertRule {
        requireNonNull(name, "name is null");
        requireNonNull(metric, "metric is null");
        requireNonNull(comparison, "comparison is null");
        requireNonNull(forDuration, "forDuration is null");
        requireNonNull(severity, "severity is null");
        webhooks = List.copyOf(webhooks);
    }

    /** The duration as written: {@code 60s}, {@code 5m}. */
    @JsonProperty("for")
    String forText() {
        return Durations.format(forDuration);
    }

    boolean appliesTo(String someCluster) {
        return cluster == null || cluster.equals(someCluster);
    }

    boolean onWeather() {
        return WEATHER.equals(metric);
    }

    boolean holds(double value) {
        return comparison.holds(value, threshold);
    }

    /** Whether it says the same as another rule, whoever wrote it when. */
    boolean sameDefinition(AlertRule other) {
        return name.equals(other.name) && metric.equals(other.metric) && comparison == other.comparison
                && Double.compare(threshold, other.threshold) == 0 && forDuration.equals(other.forDuration) && severity == other.severity
                && java.util.Objects.equals(cluster, other.cluster) && webhooks.equals(other.webhooks);
    }
}
