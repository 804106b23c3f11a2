package org.granary.dbmonitor.alert;

import java.time.Instant;

/**
 * An alert as its history shows it.
 *
 * @param id its number
 * @param ruleId the rule that raised it
 * @param rule that rule's name
 * @param metric the figure the rule watches
 * @param comparison above or below
 * @param threshold the rule's limit
 * @param severity warning or critical
 * @param cluster the cluster
 * @param node the node; null for a rule on the cluster's weather
 * @param state pending (holds, not for long enough yet), firing, or resolved
 * @param value the figure when it fired (while pending: when it began to hold)
 * @param startedAt when the condition began to hold
 * @param firedAt when it had held for the rule's duration; null while pending
 * @param resolvedAt when it stopped holding; null until then
 * @param notifiedFiringAt when every webhook had taken the firing notification; null until then
 * @param notifiedResolvedAt likewise for the resolved one
 * @param silencedBy the silence that last kept a notification of it from being sent; null when none did
 */
record Alert(long id, long ruleId, String rule, String metric, Comparison comparison, double threshold, Severity severity, String cluster,
        String node, String state, double value, Instant startedAt, Instant firedAt, Instant resolvedAt, Instant notifiedFiringAt,
        Instant notifiedResolvedAt, Long silencedBy) {
    static final String PENDING = "pending";
    static final String FIRING = "firing";
    static final String RESOLVED = "resolved";
}
