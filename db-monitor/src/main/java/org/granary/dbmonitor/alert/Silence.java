package org.granary.dbmonitor.alert;

import java.time.Instant;

/**
 * A silence: while it holds, alerts of its cluster and rule (each, when absent: any) change state
 * and are recorded, but no notification of theirs is sent.
 *
 * @param id its number
 * @param cluster the cluster it silences; null for every cluster
 * @param rule the name of the rule it silences; null for every rule
 * @param startsAt when it was made
 * @param until when it ends
 * @param reason why, in the operator's words
 * @param createdBy the label of the token that made it
 * @param endedAt when it was ended early; null otherwise
 * @param endedBy the label of the token that ended it early
 * @param active whether it holds now
 */
record Silence(long id, String cluster, String rule, Instant startsAt, Instant until, String reason, String createdBy, Instant endedAt,
        String endedBy, boolean active) {

    boolean silences(String someCluster, String someRule) {
        return (cluster == null || cluster.equals(someCluster)) && (rule == null || rule.equals(someRule));
    }
}
