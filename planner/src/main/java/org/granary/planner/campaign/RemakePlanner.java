package org.granary.planner.campaign;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.granary.planner.job.JobState;
import org.granary.planner.pge.PgeDefinition;
import org.granary.planner.pge.PgeRepository;
import org.granary.planner.plan.PlanRepository;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import static org.granary.planner.schema.Tables.JOB;
import static org.granary.planner.schema.Tables.JOB_DEPENDENCY;
import static org.granary.planner.schema.Tables.JOB_TRANSITION;

/**
 * A remaking campaign: every job that made a product derived from the granule (transitively) is
 * planned again with its PGE's newest version, each new job after the new jobs that make its
 * inputs, so that the chain is remade in order from the bad input down.
 */
@Component
class RemakePlanner {
    private final DSLContext sql;
    private final PgeRepository pges;
    private final PlanRepository plans;

    RemakePlanner(DSLContext sql, PgeRepository pges, PlanRepository plans) {
        this.sql = sql;
        this.pges = pges;
        this.plans = plans;
    }

    void plan(long campaignId, long granuleId, int priority, String requestedBy) {
        List<Record> derived = sql.resultQuery("""
                WITH RECURSIVE derived(job_id, depth) AS (
                    SELECT i.job_id, 1 FROM job_input i JOIN job j ON j.id = i.job_id WHERE i.granule_id = ? AND j.state = 'succeeded'
                    UNION
                    SELECT i.job_id, d.depth + 1 FROM derived d
                    JOIN job_output o ON o.job_id = d.job_id
                    JOIN job_input i ON i.granule_id = o.granule_id
                    JOIN job j ON j.id = i.job_id
                    WHERE j.state = 'succeeded' AND d.depth < 50
                )
                SELECT j.id, j.pge_name, j.unit_start, j.unit_end, j.orbit FROM job j
                WHERE j.id IN (SELECT job_id FROM derived)
                ORDER BY j.id
                """, granuleId).fetch();
        if (derived.isEmpty()) {
            throw new org.granary.platform.problem.GranaryException(org.granary.platform.problem.ErrorCode.CONFLICT,
                    "no product was made from granule " + granuleId + " (no succeeded job read it): there is nothing to remake");
        }
        Map<Long, Long> remade = new HashMap<>();
        Map<String, Long> byUnit = new HashMap<>();
        for (Record old : derived) {
            String unit = old.get(JOB.PGE_NAME) + "@" + old.get(JOB.UNIT_START);
            Long existing = byUnit.get(unit);
            if (existing == null) {
                PgeDefinition pge = pges.newest(old.get(JOB.PGE_NAME)).orElseThrow();
                existing = sql.insertInto(JOB)
                        .set(JOB.PGE_NAME, pge.name()).set(JOB.PGE_VERSION, pge.version()).set(JOB.UNIT_START, old.get(JOB.UNIT_START))
                        .set(JOB.UNIT_END, old.get(JOB.UNIT_END)).set(JOB.ORBIT, old.get(JOB.ORBIT)).set(JOB.STATE, "planned")
                        .set(JOB.REASON, "remakes job " + old.get(JOB.ID)).set(JOB.MAX_ATTEMPTS, pge.maxAttempts()).set(JOB.PRIORITY, priority)
                        .set(JOB.REQUESTED_BY, requestedBy).set(JOB.CAMPAIGN_ID, campaignId)
                        .returning(JOB.ID).fetchOne(JOB.ID);
                sql.insertInto(JOB_TRANSITION).set(JOB_TRANSITION.JOB_ID, existing).set(JOB_TRANSITION.TO_STATE, JobState.PLANNED.wireName())
                        .set(JOB_TRANSITION.REASON, "remakes job " + old.get(JOB.ID) + " (campaign " + campaignId + ")").execute();
                byUnit.put(unit, existing);
            }
            remade.put(old.get(JOB.ID), existing);
        }
        Long[] oldIds = remade.keySet().toArray(Long[]::new);
        sql.resultQuery("""
                SELECT DISTINCT i.job_id AS downstream, o.job_id AS upstream
                FROM job_output o JOIN job_input i ON i.granule_id = o.granule_id
                WHERE o.job_id = ANY (?) AND i.job_id = ANY (?)
                """, oldIds, oldIds).fetch().forEach(edge -> {
            long downstream = remade.get(edge.get(0, Long.class));
            long upstream = remade.get(edge.get(1, Long.class));
            if (downstream != upstream) {
                sql.insertInto(JOB_DEPENDENCY).set(JOB_DEPENDENCY.JOB_ID, downstream).set(JOB_DEPENDENCY.UPSTREAM_JOB_ID, upstream)
                        .onConflictDoNothing().execute();
            }
        });
        plans.resolveCampaign(campaignId);
    }
}
