package org.granary.dbmonitor.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.granary.dbmonitor.cluster.Clusters;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes, lists and ends silences; ended ones are kept. */
final class SilenceService {
    private static final Logger LOG = LoggerFactory.getLogger(SilenceService.class);
    private static final Duration LONGEST = Duration.ofDays(366);
    private static final int LONGEST_REASON = 2000;
    static final int MOST_LISTED = 1000;

    private final DSLContext sql;
    private final Clusters clusters;
    private final Clock clock;

    SilenceService(DSLContext sql, Clusters clusters, Clock clock) {
        this.sql = sql;
        this.clusters = clusters;
        this.clock = clock;
    }

    /** A silence from now until {@code until} of a cluster's and a rule's alerts (each, when null: all). Not idempotent. */
    Silence create(String cluster, String rule, Instant until, String reason, String by) {
        Instant now = clock.instant();
        if (until == null || !until.isAfter(now) || Duration.between(now, until).compareTo(LONGEST) > 0) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "until is an ISO instant after now and at most 366 days ahead, was "
                    + (until == null ? "absent" : until));
        }
        if (reason == null || reason.isBlank() || reason.codePointCount(0, reason.length()) > LONGEST_REASON) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "reason is required: why, 1 to " + LONGEST_REASON + " characters");
        }
        if (cluster != null && clusters.find(cluster).isEmpty()) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "no cluster " + cluster + " is watched (leave cluster out for every cluster)");
        }
        if (rule != null && new RuleRepository(sql).live(rule).isEmpty()) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "no alert rule named '" + rule + "' (leave rule out for every rule)");
        }
        Silence silence = new SilenceRepository(sql).insert(cluster, rule, now, until, reason, by);
        LOG.info("silence {} by {} until {}: cluster {}, rule {}: {}", silence.id(), by, until, cluster == null ? "any" : cluster,
                rule == null ? "any" : rule, reason);
        return silence;
    }

    List<Silence> list(boolean activeOnly) {
        return new SilenceRepository(sql).list(activeOnly, clock.instant(), MOST_LISTED);
    }

    /** Ends a silence now; ending one that has ended does nothing. 404 for no such silence. */
    Silence end(long id, String by) {
        Instant now = clock.instant();
        SilenceRepository silences = new SilenceRepository(sql);
        if (silences.find(id, now).isEmpty()) {
            throw new GranaryException(ErrorCode.NOT_FOUND, "no silence " + id);
        }
        if (silences.end(id, by, now)) {
            LOG.info("silence {} ended by {}", id, by);
        }
        return silences.find(id, now).orElseThrow();
    }
}
