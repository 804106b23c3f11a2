package org.granary.planner.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A PGE's periodic plan firing (its cron {@code schedule}): carries the PGE's name, nothing else. */
@DisallowConcurrentExecution
class PeriodicPlanJob implements Job {
    static final String PGE = "pge";

    private final PeriodicPlans plans;

    PeriodicPlanJob(PeriodicPlans plans) {
        this.plans = plans;
    }

    @Override
    public void execute(JobExecutionContext context) {
        plans.fire(context.getMergedJobDataMap().getString(PGE), context.getScheduledFireTime().toInstant());
    }
}
