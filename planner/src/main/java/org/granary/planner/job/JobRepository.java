package org.granary.planner.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.granary.planner.schema.tables.records.JobRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import static org.granary.planner.Times.instant;
import static org.granary.planner.Times.offset;
import static org.granary.planner.schema.Tables.CAMPAIGN;
import static org.granary.planner.schema.Tables.GRANULE;
import static org.granary.planner.schema.Tables.JOB;
import static org.granary.planner.schema.Tables.JOB_DEPENDENCY;
import static org.granary.planner.schema.Tables.JOB_INPUT;
import static org.granary.planner.schema.Tables.JOB_OUTPUT;
import static org.granary.planner.schema.Tables.JOB_TRANSITION;

/** Jobs, their state changes (each recorded with its reason), inputs and outputs. */
@Repository
@Transactional
public class JobRepository {
    private final DSLContext sql;

    JobRepository(DSLContext sql) {
        this.sql = sql;
    }

    /** A job as a worker runs it: the attempt it claimed and what the command needs. */
    public record ClaimedJob(long id, int attempt, String pgeName, String pgeVersion, Instant unitStart, Instant unitEnd, Integer orbit,
            Instant productionTime) {
    }

    /** An input file of a job: what staging fetches and checks. */
    public record InputFile(long granuleId, String esdt, String fileName, String sha256, long sizeBytes) {
    }

    /** An output a job pushed, with the granule ingest made of it. */
    public record OutputGranule(long granuleId, String esdt, String fileName) {
    }

    /** A job whose worker stopped renewing its lease. */
    public record Abandoned(long id, String worker, String run) {
    }

    /**
     * Claims the next job to run for {@code worker}: routine work first (by priority, then age),
     * then the active campaign with the fewest jobs under way, so that campaigns share what is left.
     */
    public Optional<ClaimedJob> claimNext(String worker, String executor, Duration lease) {
        Long id = sql.select(JOB.ID).from(JOB).where(JOB.STATE.eq("ready"), JOB.CAMPAIGN_ID.isNull())
                .orderBy(JOB.PRIORITY.desc(), JOB.ID).limit(1).forUpdate().skipLocked().fetchOne(JOB.ID);
        if (id == null) {
            id = sql.resultQuery("""
                    SELECT j.id FROM campaign c
                    CROSS JOIN LATERAL (SELECT job.id FROM job WHERE job.campaign_id = c.id AND job.state = 'ready'
                                        AND job.campaign_id IS NOT NULL ORDER BY job.priority DESC, job.id LIMIT 1 FOR UPDATE SKIP LOCKED) j
                    WHERE c.state = 'active'
                    ORDER BY (SELECT count(*) FROM job x WHERE x.campaign_id = c.id AND x.state IN ('queued', 'running')), c.priority DESC, c.id
                    LIMIT 1
                    """).fetchOptional(0, Long.class).orElse(null);
        }
        if (id == null) {
            return Optional.empty();
        }
        JobRecord claimed = sql.update(JOB)
                .set(JOB.STATE, "queued").set(JOB.ATTEMPTS, JOB.ATTEMPTS.plus(1)).set(JOB.WORKER, worker).set(JOB.EXECUTOR, executor)
                .set(JOB.RUN_ID, (String) null).set(JOB.LEASE_UNTIL, DSL.currentOffsetDateTime().plus(DSL.val(lease.toMillis() / 1000.0 / 86400.0)))
                .set(JOB.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(JOB.ID.eq(id)).returning().fetchOne();
        String reason = "attempt " + claimed.getAttempts() + " of " + claimed.getMaxAttempts() + " claimed by " + worker;
        setReason(id, reason);
        record(id, JobState.READY, JobState.QUEUED, reason);
        return Optional.of(new ClaimedJob(id, claimed.getAttempts(), claimed.getPgeName(), claimed.getPgeVersion(),
                instant(claimed.getUnitStart()), instant(claimed.getUnitEnd()), claimed.getOrbit(), instant(claimed.getCreatedAt())));
    }

    public List<InputFile> inputsOf(long jobId) {
        return sql.select(GRANULE.ID, GRANULE.ESDT, GRANULE.FILE_NAME, GRANULE.SHA256, GRANULE.SIZE_BYTES)
                .from(JOB_INPUT).join(GRANULE).on(GRANULE.ID.eq(JOB_INPUT.GRANULE_ID))
                .where(JOB_INPUT.JOB_ID.eq(jobId)).orderBy(GRANULE.ESDT, GRANULE.START_TIME, GRANULE.ID)
                .fetch(row -> new InputFile(row.value1(), row.value2(), row.value3(), row.value4(), row.value5()));
    }

    /** The claimed job now runs as {@code run}; false when it is no longer this worker's (cancelled, or taken over). */
    public boolean markRunning(long jobId, String worker, String run) {
        int updated = sql.update(JOB).set(JOB.STATE, "running").set(JOB.RUN_ID, run).set(JOB.STARTED_AT, DSL.currentOffsetDateTime())
                .set(JOB.UPDATED_AT, DSL.currentOffsetDateTime()).set(JOB.REASON, "running as " + run)
                .where(JOB.ID.eq(jobId), JOB.WORKER.eq(worker), JOB.STATE.eq("queued"), JOB.CANCEL_REQUESTED.isFalse()).execute();
        if (updated == 1) {
            record(jobId, JobState.QUEUED, JobState.RUNNING, "running as " + run);
        }
        return updated == 1;
    }

    /**
     * Renews the worker's lease on the job: empty when the job is no longer this worker's, else
     * whether a cancel was asked for.
     */
    public Optional<Boolean> renewLease(long jobId, String worker, Duration lease) {
        return sql.update(JOB).set(JOB.LEASE_UNTIL, DSL.currentOffsetDateTime().plus(DSL.val(lease.toMillis() / 1000.0 / 86400.0)))
                .where(JOB.ID.eq(jobId), JOB.WORKER.eq(worker), JOB.STATE.in("queued", "running"))
                .returning(JOB.CANCEL_REQUESTED).fetchOptional(JOB.CANCEL_REQUESTED);
    }

    /** Records the outputs and the job's success; false when the job is no longer this worker's. */
    public boolean succeed(long jobId, String worker, List<OutputGranule> outputs) {
        Optional<JobState> from = lockOwned(jobId, worker);
        if (from.isEmpty()) {
            return false;
        }
        for (OutputGranule output : outputs) {
            sql.insertInto(JOB_OUTPUT).set(JOB_OUTPUT.JOB_ID, jobId).set(JOB_OUTPUT.GRANULE_ID, output.granuleId())
                    .set(JOB_OUTPUT.ESDT, output.esdt()).set(JOB_OUTPUT.FILE_NAME, output.fileName()).onConflictDoNothing().execute();
        }
        String reason = outputs.size() == 1 ? "succeeded: made " + outputs.getFirst().fileName() : "succeeded: made " + outputs.size() + " files";
        end(jobId, from.get(), JobState.SUCCEEDED, reason);
        return true;
    }

    /**
     * An attempt failed: the job waits until {@code retryAt} and runs again, or fails when that was
     * its last attempt ({@code retryAt} null). False when the job is no longer this worker's.
     */
    public boolean attemptFailed(long jobId, String worker, String reason, Instant retryAt) {
        Optional<JobState> from = lockOwned(jobId, worker);
        if (from.isEmpty()) {
            return false;
        }
        if (retryAt == null) {
            end(jobId, from.get(), JobState.FAILED, reason);
        } else {
            waitForRetry(jobId, from.get(), reason, retryAt);
        }
        return true;
    }

    /** The run was stopped on request; false when the job is no longer this worker's. */
    public boolean cancelled(long jobId, String worker, String reason) {
        Optional<JobState> from = lockOwned(jobId, worker);
        from.ifPresent(state -> end(jobId, state, JobState.CANCELLED, reason));
        return from.isPresent();
    }

    /**
     * A run whose worker or batch job died: retried once at once; the second loss fails the job.
     * Applies only while the job is still queued or running as {@code run} under {@code worker}.
     */
    public boolean runLost(long jobId, String worker, String reason) {
        Optional<JobState> from = lockOwned(jobId, worker);
        if (from.isEmpty()) {
            return false;
        }
        int lost = sql.update(JOB).set(JOB.LOST_RUNS, JOB.LOST_RUNS.plus(1)).where(JOB.ID.eq(jobId)).returning(JOB.LOST_RUNS)
                .fetchOne(JOB.LOST_RUNS);
        if (lost > 1) {
            end(jobId, from.get(), JobState.FAILED, reason + "; its run was lost twice, so it is not retried again");
        } else {
            // A lost run does not count as an attempt of the PGE: it is given back.
            sql.update(JOB).set(JOB.ATTEMPTS, DSL.greatest(JOB.ATTEMPTS.minus(1), DSL.inline(0))).where(JOB.ID.eq(jobId)).execute();
            waitForRetry(jobId, from.get(), reason + "; retried once", Instant.now());
        }
        return true;
    }

    /**
     * This instance stops: the job goes back to be run again at once, the attempt not counted.
     * False when the job is no longer this worker's.
     */
    public boolean giveBack(long jobId, String worker, String reason) {
        Optional<JobState> from = lockOwned(jobId, worker);
        if (from.isEmpty()) {
            return false;
        }
        sql.update(JOB).set(JOB.ATTEMPTS, DSL.greatest(JOB.ATTEMPTS.minus(1), DSL.inline(0))).where(JOB.ID.eq(jobId)).execute();
        waitForRetry(jobId, from.get(), reason, Instant.now());
        return true;
    }

    /** Jobs queued or running whose lease ended: their worker died or hangs. */
    public List<Abandoned> abandoned(int limit) {
        return sql.select(JOB.ID, JOB.WORKER, JOB.RUN_ID).from(JOB)
                .where(JOB.STATE.in("queued", "running"), JOB.LEASE_UNTIL.lt(DSL.currentOffsetDateTime()))
                .orderBy(JOB.LEASE_UNTIL).limit(limit)
                .fetch(row -> new Abandoned(row.value1(), row.value2(), row.value3()));
    }

    /** Jobs whose retry time came become ready (with the inputs they had); returns how many. */
    public int releaseRetries() {
        List<Long> due = sql.update(JOB).set(JOB.STATE, "ready").set(JOB.RETRY_AT, (java.time.OffsetDateTime) null)
                .set(JOB.REASON, "retry time came").set(JOB.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(JOB.STATE.eq("waiting"), JOB.RETRY_AT.le(DSL.currentOffsetDateTime()))
                .returning(JOB.ID).fetch(JOB.ID);
        for (Long id : due) {
            record(id, JobState.WAITING, JobState.READY, "retry time came");
        }
        return due.size();
    }

    /**
     * A scientist's cancel: a job not yet claimed is cancelled at once; a queued or running one is
     * marked, and its worker stops the run and records the cancel. Returns the state it left.
     */
    public Optional<JobState> requestCancel(long jobId, String reason) {
        Optional<JobState> state = lock(jobId);
        state.ifPresent(current -> {
            switch (current) {
                case PLANNED, WAITING, READY -> end(jobId, current, JobState.CANCELLED, reason);
                case QUEUED, RUNNING -> sql.update(JOB).set(JOB.CANCEL_REQUESTED, true).where(JOB.ID.eq(jobId)).execute();
                default -> {
                    // already ended: nothing to stop
                }
            }
        });
        return state;
    }

    /** A failed or cancelled job made planned again, its attempts counted afresh; false from any other state. */
    public boolean replan(long jobId, String reason) {
        Optional<JobState> state = lock(jobId);
        if (state.isEmpty() || !state.get().mayBecome(JobState.PLANNED)) {
            return false;
        }
        sql.update(JOB).set(JOB.STATE, "planned").set(JOB.ATTEMPTS, 0).set(JOB.LOST_RUNS, 0).set(JOB.DEADLINE, (java.time.OffsetDateTime) null)
                .set(JOB.RETRY_AT, (java.time.OffsetDateTime) null).set(JOB.CANCEL_REQUESTED, false).set(JOB.ENDED_AT, (java.time.OffsetDateTime) null)
                .set(JOB.REASON, reason).set(JOB.UPDATED_AT, DSL.currentOffsetDateTime()).where(JOB.ID.eq(jobId)).execute();
        sql.deleteFrom(JOB_INPUT).where(JOB_INPUT.JOB_ID.eq(jobId)).execute();
        record(jobId, state.get(), JobState.PLANNED, reason);
        return true;
    }

    /** Jobs that wait for this one (a remaking campaign's next steps). */
    public List<Long> dependents(long jobId) {
        return sql.select(JOB_DEPENDENCY.JOB_ID).from(JOB_DEPENDENCY).where(JOB_DEPENDENCY.UPSTREAM_JOB_ID.eq(jobId)).fetch(JOB_DEPENDENCY.JOB_ID);
    }

    public Optional<Job> find(long id) {
        return sql.selectFrom(JOB).where(JOB.ID.eq(id)).fetchOptional(JobRepository::job);
    }

    /** A page of jobs by id (keyset: after the last id seen), filtered by what is not null. */
    public List<Job> page(JobState state, String pge, Long campaign, long after, int limit) {
        Condition where = JOB.ID.gt(after);
        if (state != null) {
            where = where.and(JOB.STATE.eq(state.wireName()));
        }
        if (pge != null) {
            where = where.and(JOB.PGE_NAME.eq(pge));
        }
        if (campaign != null) {
            where = where.and(JOB.CAMPAIGN_ID.eq(campaign));
        }
        return sql.selectFrom(JOB).where(where).orderBy(JOB.ID).limit(limit).fetch(JobRepository::job);
    }

    public List<Transition> transitions(long jobId) {
        return sql.selectFrom(JOB_TRANSITION).where(JOB_TRANSITION.JOB_ID.eq(jobId)).orderBy(JOB_TRANSITION.AT)
                .fetch(row -> new Transition(instant(row.getAt()), row.getFromState() == null ? null : JobState.fromWireName(row.getFromState()),
                        JobState.fromWireName(row.getToState()), row.getReason()));
    }

    public List<Long> inputGranules(long jobId) {
        return sql.select(JOB_INPUT.GRANULE_ID).from(JOB_INPUT).where(JOB_INPUT.JOB_ID.eq(jobId)).orderBy(JOB_INPUT.GRANULE_ID)
                .fetch(JOB_INPUT.GRANULE_ID);
    }

    public List<OutputGranule> outputs(long jobId) {
        return sql.selectFrom(JOB_OUTPUT).where(JOB_OUTPUT.JOB_ID.eq(jobId)).orderBy(JOB_OUTPUT.GRANULE_ID)
                .fetch(row -> new OutputGranule(row.getGranuleId(), row.getEsdt(), row.getFileName()));
    }

    /** Whether the campaign of a job is being cancelled or paused does not matter here; only the job's own row. */
    public boolean campaignActive(long campaignId) {
        return sql.fetchExists(CAMPAIGN, CAMPAIGN.ID.eq(campaignId), CAMPAIGN.STATE.eq("active"));
    }

    /** How many jobs are in a state now (for gauges of the states that partial indexes cover: ready, queued, running, waiting). */
    public long countInState(String state) {
        return sql.fetchCount(JOB, JOB.STATE.eq(state));
    }

    /** Records a change of state with its reason. */
    public void record(long jobId, JobState from, JobState to, String reason) {
        sql.insertInto(JOB_TRANSITION).set(JOB_TRANSITION.JOB_ID, jobId).set(JOB_TRANSITION.FROM_STATE, from == null ? null : from.wireName())
                .set(JOB_TRANSITION.TO_STATE, to.wireName()).set(JOB_TRANSITION.REASON, reason).execute();
    }

    private Optional<JobState> lock(long jobId) {
        return sql.select(JOB.STATE).from(JOB).where(JOB.ID.eq(jobId)).forUpdate().fetchOptional(JOB.STATE).map(JobState::fromWireName);
    }

    private Optional<JobState> lockOwned(long jobId, String worker) {
        return sql.select(JOB.STATE).from(JOB).where(JOB.ID.eq(jobId), JOB.WORKER.eq(worker), JOB.STATE.in("queued", "running")).forUpdate()
                .fetchOptional(JOB.STATE).map(JobState::fromWireName);
    }

    private void end(long jobId, JobState from, JobState to, String reason) {
        require(from, to);
        sql.update(JOB).set(JOB.STATE, to.wireName()).set(JOB.REASON, reason).set(JOB.ENDED_AT, DSL.currentOffsetDateTime())
                .set(JOB.UPDATED_AT, DSL.currentOffsetDateTime()).set(JOB.LEASE_UNTIL, (java.time.OffsetDateTime) null)
                .where(JOB.ID.eq(jobId)).execute();
        record(jobId, from, to, reason);
    }

    private void waitForRetry(long jobId, JobState from, String reason, Instant retryAt) {
        require(from, JobState.WAITING);
        sql.update(JOB).set(JOB.STATE, "waiting").set(JOB.REASON, reason).set(JOB.RETRY_AT, offset(retryAt))
                .set(JOB.UPDATED_AT, DSL.currentOffsetDateTime()).set(JOB.LEASE_UNTIL, (java.time.OffsetDateTime) null)
                .where(JOB.ID.eq(jobId)).execute();
        record(jobId, from, JobState.WAITING, reason);
    }

    private void setReason(long jobId, String reason) {
        sql.update(JOB).set(JOB.REASON, reason).where(JOB.ID.eq(jobId)).execute();
    }

    private static void require(JobState from, JobState to) {
        if (!from.mayBecome(to)) {
            throw new IllegalStateException("a job may not go from " + from.wireName() + " to " + to.wireName());
        }
    }

    static Job job(JobRecord row) {
        return new Job(row.getId(), row.getPgeName(), row.getPgeVersion(), instant(row.getUnitStart()), instant(row.getUnitEnd()), row.getOrbit(),
                JobState.fromWireName(row.getState()), row.getReason(), row.getAttempts(), row.getMaxAttempts(), row.getPriority(),
                row.getRequestedBy(), row.getCampaignId(), instant(row.getDeadline()), instant(row.getRetryAt()), instant(row.getCreatedAt()),
                instant(row.getUpdatedAt()), instant(row.getStartedAt()), instant(row.getEndedAt()),
                row.getRunId() == null ? null : row.getExecutor() + ":" + row.getRunId(), row.getWorker());
    }
}
