package org.granary.dbmonitor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.granary.dbmonitor.alert.AlertEvaluator;
import org.granary.dbmonitor.annotation.AnnotationService;
import org.granary.dbmonitor.cluster.Clusters;
import org.granary.dbmonitor.cluster.ClustersFile;
import org.granary.dbmonitor.history.HistoryMaintenance;
import org.granary.dbmonitor.history.SampleStore;
import org.granary.dbmonitor.history.SeriesRepository;
import org.granary.dbmonitor.poll.Poller;
import org.granary.dbmonitor.status.Assessor;
import org.granary.dbmonitor.status.MeterExport;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** db-monitor's parts: the clusters file, the poller, the assessor and what listens to it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MonitorProperties.class)
class DbMonitorConfiguration {
    @Bean
    Clusters clusters(MonitorProperties properties) {
        return new Clusters(new ClustersFile(properties.clustersFile()));
    }

    @Bean
    SampleStore sampleStore(DSLContext sql) {
        return new SampleStore(sql);
    }

    @Bean
    SeriesRepository seriesRepository(DSLContext sql) {
        return new SeriesRepository(sql);
    }

    @Bean
    AlertEvaluator alertEvaluator(DSLContext sql) {
        return new AlertEvaluator(sql);
    }

    @Bean
    AnnotationService annotationService(DSLContext sql, Clusters clusters) {
        return new AnnotationService(sql, clusters, Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000))); // microseconds, as stored
    }

    @Bean
    MeterExport meterExport(MeterRegistry registry) {
        return new MeterExport(registry);
    }

    @Bean
    Assessor assessor(Clusters clusters, MonitorProperties properties, List<Assessor.StatusListener> listeners) {
        return new Assessor(clusters, properties, listeners);
    }

    @Bean
    Poller poller(Clusters clusters, MonitorProperties properties, Assessor assessor) {
        return new Poller(clusters, properties, assessor, System.getenv());
    }

    @Bean
    HistoryMaintenance historyMaintenance(SampleStore samples, MonitorProperties properties) {
        return new HistoryMaintenance(samples, properties);
    }
}
