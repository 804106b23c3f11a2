package org.granary.metadatasync.reconcile;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.springframework.beans.factory.annotation.Autowired;

/** The scheduled reconciliation of all data: thin, it asks the service (Spring's job factory gives it). */
@DisallowConcurrentExecution
public class ReconcileJob implements Job {
    @Autowired
    private ReconciliationService service;

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            service.run("schedule", "schedule", RangeFilter.NONE);
        } catch (ReconciliationService.Busy e) {
            // one asked through the API is running: that one is today's
        } catch (java.sql.SQLException e) {
            throw new JobExecutionException(e);
        }
    }
}
