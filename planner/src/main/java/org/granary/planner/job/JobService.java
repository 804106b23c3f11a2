package org.granary.planner.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.granary.planner.PlannerProperties;
import org.granary.planner.pge.PgeDefinition;
import org.granary.planner.pge.PgeRepository;
import org.granary.planner.plan.JobPlanner;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What scientists and operators do with single jobs: ask for one, follow it, read its log, cancel or retry it. */
@Service
public class JobService {
    private final JobRepository jobs;
    private final PgeRepository pges;
    private final JobPlanner planner;
    private final PlannerProperties properties;

    JobService(JobRepository jobs, PgeRepository pges, JobPlanner planner, PlannerProperties properties) {
        this.jobs = jobs;
        this.pges = pges;
        this.planner = planner;
        this.properties = properties;
    }

    /** The routine job of the PGE's unit that holds {@code time}: made if there is none, and resolved. */
    @Transactional
    public Job request(String pgeName, String version, Instant time, String who) {
        if (pgeName == null || time == null) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "a job request names a pge and a time within the unit to make (ISO-8601 UTC)");
        }
        PgeDefinition pge = (version == null ? pges.newest(pgeName) : pges.find(pgeName, version))
                .orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no PGE " + pgeName + (version == null ? "" : " version " + version)));
        List<Long> ids = planner.planUnit(pge, time, who, "asked for by " + who);
        if (ids.isEmpty()) {
            throw new GranaryException(ErrorCode.CONFLICT, "the routine job of " + pge.name() + " for that unit exists and has started or ended; "
                    + "retry it (POST /jobs/{id}/retry) or start a campaign");
        }
        return get(ids.getFirst()).job();
    }

    public JobDetail get(long id) {
        Job job = jobs.find(id).orElseThrow(() -> notFound(id));
        return new JobDetail(job, jobs.inputGranules(id), jobs.outputs(id), jobs.transitions(id));
    }

    public List<Job> page(JobState state, String pge, Long campaign, long after, int limit) {
        return jobs.page(state, pge, campaign, after, limit);
    }

    /** Cancels a job; one queued or running is stopped by its worker shortly after. */
    @Transactional
    public Job cancel(long id, String who) {
        JobState before = jobs.requestCancel(id, "cancelled by " + who).orElseThrow(() -> notFound(id));
        return jobs.find(id).orElseThrow(() -> new IllegalStateException("job " + id + " vanished after being " + before.wireName()));
    }

    /** Plans a failed or cancelled job again (attempts counted afresh); 409 from any other state. */
    @Transactional
    public Job retry(long id, String who) {
        Job job = jobs.find(id).orElseThrow(() -> notFound(id));
        if (!jobs.replan(id, "retried by " + who)) {
            throw new GranaryException(ErrorCode.CONFLICT, "job " + id + " is " + job.state().wireName()
                    + "; only a failed or cancelled job is retried");
        }
        planner.resolve(List.of(id));
        return jobs.find(id).orElseThrow();
    }

    /** The standard output or error of one attempt, kept after the job ended. */
    public Path log(long id, int attempt, String stream) {
        Job job = jobs.find(id).orElseThrow(() -> notFound(id));
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "stream is stdout or stderr");
        }
        int which = attempt == 0 ? job.attempts() : attempt;
        Path log = properties.logDirectory().resolve("job-" + id).resolve("attempt-" + which + "." + stream);
        if (which < 1 || !Files.isRegularFile(log)) {
            throw new GranaryException(ErrorCode.NOT_FOUND, "job " + id + " has no " + stream + " of attempt " + which + " on this planner instance");
        }
        return log;
    }

    private static GranaryException notFound(long id) {
        return new GranaryException(ErrorCode.NOT_FOUND, "no job " + id);
    }
}
