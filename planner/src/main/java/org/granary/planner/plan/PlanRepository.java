package org.granary.planner.plan;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.granary.planner.pge.PgeDefinition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.types.YearToSecond;
import org.springframework.stereotype.Repository;

import static org.granary.planner.Times.offset;
import static org.granary.planner.schema.Tables.JOB;
import static org.granary.planner.schema.Tables.JOB_TRANSITION;

/** Making jobs and resolving their inputs, in set-based statements. */
@Repository
public class PlanRepository {
    private static final String RESOLVE = SqlText.load("resolve-inputs.sql");
    private static final String INSERT_CAMPAIGN_JOBS = SqlText.load("insert-campaign-jobs.sql");

    private final DSLContext sql;

    PlanRepository(DSLContext sql) {
        this.sql = sql;
    }

    /** A job ready, waiting or failed after resolution. */
    public record Resolved(long jobId, String state) {
    }

    /**
     * Makes the routine job of each unit that has none yet (events arrive twice, on several
     * instances: the unique index keeps one). Returns the ids of the routine jobs of these units
     * that are planned or waiting, new or not.
     */
    List<Long> ensureRoutineJobs(PgeDefinition pge, List<Unit> units, String requestedBy, String reason) {
        List<Long> ids = new ArrayList<>();
        for (Unit unit : units) {
            Long created = sql.insertInto(JOB)
                    .set(JOB.PGE_NAME, pge.name()).set(JOB.PGE_VERSION, pge.version())
                    .set(JOB.UNIT_START, offset(unit.start())).set(JOB.UNIT_END, offset(unit.end())).set(JOB.ORBIT, unit.orbit())
                    .set(JOB.STATE, "planned").set(JOB.REASON, reason).set(JOB.MAX_ATTEMPTS, pge.maxAttempts())
                    .set(JOB.REQUESTED_BY, requestedBy)
                    .onConflictDoNothing().returning(JOB.ID).fetchOne(JOB.ID);
            if (created != null) {
                sql.insertInto(JOB_TRANSITION).set(JOB_TRANSITION.JOB_ID, created).set(JOB_TRANSITION.TO_STATE, "planned")
                        .set(JOB_TRANSITION.REASON, reason).execute();
                ids.add(created);
            } else {
                sql.select(JOB.ID).from(JOB)
                        .where(JOB.CAMPAIGN_ID.isNull(), JOB.PGE_NAME.eq(pge.name()), JOB.UNIT_START.eq(offset(unit.start())),
                                JOB.STATE.in("planned", "waiting"))
                        .fetchOptional(JOB.ID).ifPresent(ids::add);
            }
        }
        return ids;
    }

    /** Waiting or planned routine jobs of a PGE (any version) whose units overlap [from, to], plus those with a latest-before or closest input of this ESDT. */
    List<Long> openJobsTouching(String pgeName, String esdt, Instant from, Instant to) {
        return sql.resultQuery("""
                SELECT j.id FROM job j
                WHERE j.pge_name = CAST(? AS text) AND j.state IN ('planned', 'waiting') AND j.retry_at IS NULL
                  AND ((j.unit_start <= CAST(? AS timestamptz) AND j.unit_end >= CAST(? AS timestamptz))
                       OR EXISTS (SELECT 1 FROM pge_input i WHERE i.pge_name = j.pge_name AND i.pge_version = j.pge_version AND i.esdt = CAST(? AS text)
                                  AND i.selection IN ('latest-before', 'closest', 'window')))
                """, pgeName, offset(to), offset(from), esdt).fetch(0, Long.class);
    }

    /**
     * Serializes the planning of one PGE's jobs until the transaction ends: two granules arriving
     * at once for one job must not each count only itself (each would leave the job waiting).
     */
    void lockPlanning(String pgeName) {
        sql.resultQuery("SELECT pg_advisory_xact_lock(hashtextextended(?, 7))", "planner:" + pgeName).fetch();
    }

    /** Makes a campaign's jobs in one statement; returns how many. */
    public int insertCampaignJobs(long campaignId, PgeDefinition pge, Units.Series series, int priority, String requestedBy) {
        LocalDateTime first = LocalDateTime.ofInstant(series.firstStart(), ZoneOffset.UTC);
        return sql.execute(INSERT_CAMPAIGN_JOBS, pge.name(), pge.version(), pge.maxAttempts(), priority, requestedBy, campaignId, first, first,
                series.firstOrbit(), series.monthly(), YearToSecond.valueOf(series.step()), series.count());
    }

    /** Resolves these jobs (those planned or waiting). */
    public List<Resolved> resolve(List<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        Long[] ids = jobIds.toArray(Long[]::new);
        return resolved(sql.fetch(RESOLVE, ids, ids, null, null, false));
    }

    /** Resolves every planned or waiting job of a campaign. */
    public List<Resolved> resolveCampaign(long campaignId) {
        return resolved(sql.fetch(RESOLVE, null, null, campaignId, campaignId, false));
    }

    /** Resolves the waiting jobs whose deadline came, or whose unit ended since they were last resolved. */
    public List<Resolved> resolveDue() {
        return resolved(sql.fetch(RESOLVE, null, null, null, null, true));
    }

    private static List<Resolved> resolved(Result<Record> rows) {
        return rows.map(row -> new Resolved(row.get(0, Long.class), row.get(1, String.class)));
    }
}
