package org.granary.planner.schedule;

import java.time.Instant;
import java.util.TimeZone;
import org.granary.planner.pge.PgeDefinition;
import org.granary.planner.pge.PgeRepository;
import org.granary.planner.plan.JobPlanner;
import org.granary.planner.plan.Units;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Periodic plans: a PGE registered with a {@code schedule} (a Quartz cron expression in UTC) gets
 * a trigger that, when it fires, plans the PGE's unit that ended last (at 02:00 UTC a daily PGE
 * plans yesterday). The trigger is stored with the PGE's registration, in the same transaction.
 */
@Service
public class PeriodicPlans {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicPlans.class);
    private static final String GROUP = "periodic-plans";

    private final Scheduler scheduler;
    private final PgeRepository pges;
    private final JobPlanner planner;
    private final Units units;

    PeriodicPlans(Scheduler scheduler, PgeRepository pges, JobPlanner planner, Units units) {
        this.scheduler = scheduler;
        this.pges = pges;
        this.planner = planner;
        this.units = units;
    }

    /** Schedules (or reschedules, or with no schedule removes) the periodic plan of a PGE's newest version. */
    public void schedule(PgeDefinition pge) {
        JobKey job = JobKey.jobKey(pge.name(), GROUP);
        try {
            scheduler.deleteJob(job);
            if (pge.schedule() == null) {
                return;
            }
            scheduler.scheduleJob(JobBuilder.newJob(PeriodicPlanJob.class).withIdentity(job).usingJobData(PeriodicPlanJob.PGE, pge.name())
                            .requestRecovery().build(),
                    TriggerBuilder.newTrigger().withIdentity(TriggerKey.triggerKey(pge.name(), GROUP))
                            .withSchedule(CronScheduleBuilder.cronSchedule(pge.schedule()).inTimeZone(TimeZone.getTimeZone("UTC"))
                                    .withMisfireHandlingInstructionFireAndProceed())
                            .build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not schedule the periodic plan of " + pge.name() + ": " + e.getMessage(), e);
        }
    }

    /** Plans the unit of the PGE that ended last before {@code firedFor}. */
    void fire(String pgeName, Instant firedFor) {
        PgeDefinition pge = pges.newest(pgeName).orElse(null);
        if (pge == null) {
            LOG.warn("periodic plan of {}: no such PGE any more", pgeName);
            return;
        }
        Instant lastEnded = units.unitAt(pge, firedFor).start().minusNanos(1);
        planner.planUnit(pge, lastEnded, "schedule", "planned by the periodic plan of " + pgeName + " (" + pge.schedule() + ")");
    }
}
