package org.granary.metadatasync;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.granary.ingest.client.IngestClient;
import org.granary.metadatasync.apply.CatalogueFollower;
import org.granary.metadatasync.apply.ConflictPolicy;
import org.granary.metadatasync.apply.QuarantineRetry;
import org.granary.metadatasync.apply.SyncApplier;
import org.granary.metadatasync.apply.SyncCounters;
import org.granary.metadatasync.apply.SyncStore;
import org.granary.metadatasync.capture.LegacyCapture;
import org.granary.metadatasync.catalog.Catalogue;
import org.granary.metadatasync.catalog.IngestCatalogue;
import org.granary.metadatasync.legacy.LegacyDatabase;
import org.granary.metadatasync.load.InitialLoad;
import org.granary.metadatasync.load.LoadStore;
import org.granary.platform.auth.ServiceToken;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sync's parts. They run when {@code granary.sync.legacy-url} names a legacy database; without
 * one the service serves its API and reports the sync as not configured.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyncProperties.class)
class SyncConfiguration {
    @Bean
    SyncStore syncStore(DataSource dataSource, JsonMapper json) {
        return new SyncStore(dataSource, json);
    }

    @Bean
    LoadStore loadStore(DataSource dataSource) {
        return new LoadStore(dataSource);
    }

    @Bean
    SyncCounters syncCounters(MeterRegistry registry) {
        return new SyncCounters(registry);
    }

    @Bean(destroyMethod = "close")
    IngestClient syncIngestClient(SyncProperties properties, ServiceToken token) {
        return new IngestClient(properties.ingestUrl(), token.secret());
    }

    @Bean
    Catalogue catalogue(IngestClient syncIngestClient) {
        return new IngestCatalogue(syncIngestClient);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!'${granary.sync.legacy-url:}'.isBlank()")
    static class Running {
        /** Its pool is not a DataSource bean: that would take the place of metadata-sync's own database. */
        @Bean(destroyMethod = "close")
        LegacyDatabase legacyDatabase(SyncProperties properties) {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(properties.legacyUrl());
            pool.setMaximumPoolSize(4);
            pool.setPoolName("legacy");
            return new LegacyDatabase(pool, properties.contentUrlBaseOrIngest());
        }

        @Bean
        SyncApplier syncApplier(LegacyDatabase legacy, Catalogue catalogue, SyncStore store, SyncProperties properties, SyncCounters counters) {
            return new SyncApplier(legacy, catalogue, store, new ConflictPolicy(properties.conflictWindow(), properties.conflictWinner()), counters);
        }

        /** Started before the capture (which takes it as a dependency): whether a load is due depends on the slot as it was. */
        @Bean(initMethod = "start", destroyMethod = "close")
        InitialLoad initialLoad(LegacyDatabase legacy, SyncApplier applier, LoadStore loadStore, SyncProperties properties) {
            return new InitialLoad(legacy, applier, loadStore, new InitialLoad.Settings(properties.initialLoad(), properties.slotName(),
                    properties.loadChunk(), properties.retryDelay()));
        }

        @Bean(initMethod = "start", destroyMethod = "close")
        LegacyCapture legacyCapture(SyncProperties properties, DataSourceProperties syncDatabase, SyncApplier applier, InitialLoad initialLoad) {
            return new LegacyCapture(new LegacyCapture.Settings(properties.legacyUrl(), syncDatabase.determineUrl(), properties.slotName(),
                    properties.retryDelay()), applier::applyLegacy);
        }

        @Bean(initMethod = "start", destroyMethod = "close")
        CatalogueFollower catalogueFollower(Catalogue catalogue, SyncApplier applier, SyncStore store, SyncProperties properties) {
            return new CatalogueFollower(catalogue, applier, store, properties.feedInterval(), 1000);
        }

        @Bean(initMethod = "start", destroyMethod = "close")
        QuarantineRetry quarantineRetry(SyncStore store, SyncApplier applier, SyncProperties properties) {
            return new QuarantineRetry(store, applier, properties.quarantineRetryInterval());
        }
    }
}
