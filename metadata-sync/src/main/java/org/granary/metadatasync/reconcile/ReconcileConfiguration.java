package org.granary.metadatasync.reconcile;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.granary.ingest.client.IngestClient;
import org.granary.metadatasync.SyncProperties;
import org.granary.metadatasync.apply.CatalogueFollower;
import org.granary.metadatasync.apply.ConflictPolicy;
import org.granary.metadatasync.apply.SyncApplier;
import org.granary.metadatasync.capture.LegacyCapture;
import org.granary.metadatasync.legacy.LegacyDatabase;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Reconciliation's parts: the report store always, the rest when a legacy database is set (as the sync's). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReconcileProperties.class)
class ReconcileConfiguration {
    @Bean
    ReconciliationStore reconciliationStore(DataSource dataSource, JsonMapper json) throws SQLException {
        ReconciliationStore store = new ReconciliationStore(dataSource, json);
        store.abandonRunning();
        return store;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!'${granary.sync.legacy-url:}'.isBlank()")
    static class Running {
        @Bean
        LegacyRangeSide legacyRangeSide(LegacyDatabase legacyDatabase) {
            return new LegacyRangeSide(legacyDatabase.dataSource());
        }

        @Bean
        Reconciler reconciler(LegacyRangeSide legacy, IngestClient syncIngestClient, ReconcileProperties properties) {
            return new Reconciler(legacy, legacy, new CatalogueRangeSide(syncIngestClient),
                    new Reconciler.Settings(properties.reconcileInitialRanges(), properties.reconcileLeafRows(), 64));
        }

        @Bean(destroyMethod = "close")
        ReconciliationService reconciliationService(Reconciler reconciler, ReconciliationStore store, ReconcileProperties properties,
                LegacyDatabase legacyDatabase, LegacyCapture capture, CatalogueFollower follower, SyncProperties sync) {
            StreamWatermark watermark = new CaptureWatermark(legacyDatabase.dataSource(), capture, follower, sync.slotName());
            Recheck.RecentChanges recent = (names, since) -> {
                try {
                    return store.changedSince(names, since);
                } catch (SQLException e) {
                    throw new RangeSide.Unavailable("metadata-sync's database did not answer: " + e.getMessage(), e);
                }
            };
            Recheck recheck = new Recheck(reconciler, watermark, recent,
                    new Recheck.Settings(properties.reconcileRecheckWait(), properties.reconcileSettle(), 3));
            return new ReconciliationService(reconciler, recheck, store);
        }

        @Bean
        Repairer repairer(Reconciler reconciler, SyncApplier applier, SyncProperties sync, ReconciliationStore store) {
            return new Repairer(reconciler, applier, new ConflictPolicy(sync.conflictWindow(), sync.conflictWinner()), store);
        }

        @Bean
        JobDetail reconcileJobDetail() {
            return JobBuilder.newJob(ReconcileJob.class).withIdentity("reconcile").storeDurably().build();
        }

        @Bean
        @ConditionalOnExpression("!'${granary.sync.reconcile-cron:0 0 2 * * ?}'.isBlank() and '${granary.sync.reconcile-cron:0 0 2 * * ?}' != '-'")
        Trigger reconcileTrigger(JobDetail reconcileJobDetail, ReconcileProperties properties) {
            return TriggerBuilder.newTrigger().forJob(reconcileJobDetail).withIdentity("reconcile")
                    .withSchedule(CronScheduleBuilder.cronSchedule(properties.reconcileCron())).build();
        }
    }
}
