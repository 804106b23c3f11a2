package org.granary.planner.schedule;

import java.util.List;
import org.granary.planner.campaign.CampaignRepository;
import org.granary.planner.execution.Executor;
import org.granary.planner.execution.RunReference;
import org.granary.planner.job.JobRepository;
import org.granary.planner.job.JobRepository.Abandoned;
import org.granary.planner.plan.JobPlanner;
import org.granary.planner.plan.ReadyJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The time-driven part of the job life cycle, run by {@link SweepJob} on one instance at a time:
 * late-data deadlines (a waiting job runs without its optional inputs, or fails for want of a
 * mandatory one), retry times that came, jobs whose worker died (their process stopped if it
 * still runs here, then retried once), and campaigns whose every job ended.
 */
@Service
public class Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final int ABANDONED_PER_SWEEP = 1000;

    private final JobPlanner planner;
    private final JobRepository jobs;
    private final CampaignRepository campaigns;
    private final Executor executor;
    private final ReadyJobs readyJobs;

    Sweeper(JobPlanner planner, JobRepository jobs, CampaignRepository campaigns, Executor executor, ReadyJobs readyJobs) {
        this.planner = planner;
        this.jobs = jobs;
        this.campaigns = campaigns;
        this.executor = executor;
        this.readyJobs = readyJobs;
    }

    public void sweep() {
        planner.resolveDue();
        if (jobs.releaseRetries() > 0) {
            readyJobs.signal();
        }
        recoverAbandoned();
        campaigns.finishEnded();
    }

    private void recoverAbandoned() {
        List<Abandoned> abandoned = jobs.abandoned(ABANDONED_PER_SWEEP);
        for (Abandoned job : abandoned) {
            if (job.run() != null) {
                try {
                    executor.cancel(new RunReference(executor.name(), job.run()));
                } catch (RuntimeException e) {
                    LOG.warn("job {}: could not stop run {} of the worker that died: {}", job.id(), job.run(), e.toString());
                }
            }
            if (jobs.runLost(job.id(), job.worker(), "its worker " + job.worker() + " stopped renewing its lease (it died or hangs)")) {
                LOG.warn("job {}: worker {} stopped renewing its lease; the job is retried", job.id(), job.worker());
            }
        }
        if (!abandoned.isEmpty()) {
            readyJobs.signal();
        }
    }
}
