package org.granary.planner.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.planner.schema.tables.records.CampaignRecord;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

import static org.granary.planner.Times.instant;
import static org.granary.planner.Times.offset;
import static org.granary.planner.schema.Tables.CAMPAIGN;
import static org.granary.planner.schema.Tables.JOB;

/** Campaigns, their progress, and the state changes that apply to all their jobs at once. */
@Repository
public class CampaignRepository {
    private final DSLContext sql;

    CampaignRepository(DSLContext sql) {
        this.sql = sql;
    }

    long insert(String pge, String pgeVersion, Instant from, Instant to, Long remakeFrom, int priority, String description, String requestedBy) {
        return sql.insertInto(CAMPAIGN)
                .set(CAMPAIGN.PGE_NAME, pge).set(CAMPAIGN.PGE_VERSION, pgeVersion).set(CAMPAIGN.RANGE_START, offset(from))
                .set(CAMPAIGN.RANGE_END, offset(to)).set(CAMPAIGN.REMAKE_FROM, remakeFrom).set(CAMPAIGN.STATE, "active")
                .set(CAMPAIGN.PRIORITY, priority).set(CAMPAIGN.DESCRIPTION, description).set(CAMPAIGN.REQUESTED_BY, requestedBy)
                .returning(CAMPAIGN.ID).fetchOne(CAMPAIGN.ID);
    }

    public Optional<Campaign> find(long id) {
        return sql.selectFrom(CAMPAIGN).where(CAMPAIGN.ID.eq(id)).fetchOptional(CampaignRepository::campaign);
    }

    Optional<Campaign> lock(long id) {
        return sql.selectFrom(CAMPAIGN).where(CAMPAIGN.ID.eq(id)).forUpdate().fetchOptional(CampaignRepository::campaign);
    }

    List<Campaign> page(long after, int limit) {
        return sql.selectFrom(CAMPAIGN).where(CAMPAIGN.ID.gt(after)).orderBy(CAMPAIGN.ID).limit(limit).fetch(CampaignRepository::campaign);
    }

    void setState(long id, String state) {
        sql.update(CAMPAIGN).set(CAMPAIGN.STATE, state)
                .set(CAMPAIGN.ENDED_AT, state.equals("cancelled") || state.equals("finished") ? DSL.currentOffsetDateTime() : DSL.inline((OffsetDateTime) null))
                .where(CAMPAIGN.ID.eq(id)).execute();
    }

    /**
     * Cancels the campaign's jobs that have not started (each change recorded) and asks the
     * workers of the queued and running ones to stop them. Returns how many were cancelled at once.
     */
    int cancelJobs(long id, String reason) {
        int cancelled = sql.resultQuery("""
                WITH old AS (
                    SELECT id, state FROM job WHERE campaign_id = ? AND state IN ('planned', 'waiting', 'ready') FOR UPDATE
                ), cancelled AS (
                    UPDATE job SET state = 'cancelled', reason = ?, ended_at = now(), updated_at = now()
                    FROM old WHERE job.id = old.id
                    RETURNING job.id, old.state AS old_state
                )
                INSERT INTO job_transition (job_id, from_state, to_state, reason)
                SELECT id, old_state, 'cancelled', ? FROM cancelled
                RETURNING job_id
                """, id, reason, reason).fetch().size();
        sql.update(JOB).set(JOB.CANCEL_REQUESTED, true).where(JOB.CAMPAIGN_ID.eq(id), JOB.STATE.in("queued", "running")).execute();
        return cancelled;
    }

    /** Marks finished the active campaigns all of whose jobs ended. */
    public int finishEnded() {
        return sql.update(CAMPAIGN).set(CAMPAIGN.STATE, "finished").set(CAMPAIGN.ENDED_AT, DSL.currentOffsetDateTime())
                .where(CAMPAIGN.STATE.eq("active"))
                .andNotExists(sql.selectOne().from(JOB).where(JOB.CAMPAIGN_ID.eq(CAMPAIGN.ID), JOB.STATE.notIn("succeeded", "failed", "cancelled")))
                .andExists(sql.selectOne().from(JOB).where(JOB.CAMPAIGN_ID.eq(CAMPAIGN.ID)))
                .execute();
    }

    Progress progress(long id) {
        Map<String, Long> byState = new LinkedHashMap<>();
        for (String state : List.of("planned", "waiting", "ready", "queued", "running", "succeeded", "failed", "cancelled")) {
            byState.put(state, 0L);
        }
        sql.select(JOB.STATE, DSL.count()).from(JOB).where(JOB.CAMPAIGN_ID.eq(id)).groupBy(JOB.STATE)
                .forEach(row -> byState.put(row.value1(), row.value2().longValue()));
        long total = byState.values().stream().mapToLong(Long::longValue).sum();
        long ended = byState.get("succeeded") + byState.get("failed") + byState.get("cancelled");
        Record3<OffsetDateTime, OffsetDateTime, Integer> pace = sql.select(DSL.min(JOB.STARTED_AT), DSL.max(JOB.ENDED_AT), DSL.count())
                .from(JOB).where(JOB.CAMPAIGN_ID.eq(id), JOB.STATE.eq("succeeded")).fetchOne();
        return new Progress(byState, total, ended, total == 0 ? 0 : Math.floor(1000.0 * ended / total) / 10, estimatedEnd(pace, total - ended));
    }

    /** Now plus the remaining jobs at the pace the succeeded ones took since the first started. */
    private static Instant estimatedEnd(Record3<OffsetDateTime, OffsetDateTime, Integer> pace, long remaining) {
        if (remaining == 0 || pace.value1() == null || pace.value3() == 0) {
            return null;
        }
        Instant now = Instant.now();
        Duration elapsed = Duration.between(instant(pace.value1()), now);
        return now.plus(elapsed.multipliedBy(remaining).dividedBy(pace.value3()));
    }

    private static Campaign campaign(CampaignRecord row) {
        return new Campaign(row.getId(), row.getPgeName(), row.getPgeVersion(), instant(row.getRangeStart()), instant(row.getRangeEnd()),
                row.getRemakeFrom(), row.getState(), row.getPriority(), row.getDescription(), row.getRequestedBy(), instant(row.getCreatedAt()),
                instant(row.getEndedAt()));
    }
}
