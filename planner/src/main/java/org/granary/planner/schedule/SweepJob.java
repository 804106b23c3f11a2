package org.granary.planner.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Quartz's side of {@link Sweeper}: clustered, so one instance sweeps at a time. */
@DisallowConcurrentExecution
class SweepJob implements Job {
    private final Sweeper sweeper;

    SweepJob(Sweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public void execute(JobExecutionContext context) {
        sweeper.sweep();
    }
}
