package org.granary.metadatasync;

import java.util.LinkedHashMap;
import java.util.Map;
import org.granary.ingest.RunningIngest;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.auth.ServiceName;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** metadata-sync in the test's JVM, on a real port, between a legacy database and a real ingest-service. */
public final class RunningSync implements AutoCloseable {
    /**
     * ingest-service's own settings, for an ingest running in this JVM, where metadata-sync's
     * {@code application.yml} comes first on the class path; Quartz left out.
     */
    public static final Map<String, String> INGEST_SETTINGS = Map.of("granary.database.component", "ingest-service",
            "spring.application.name", "ingest-service", "granary.ingest.esdt-catalog", "classpath:esdt/omi-catalog.json",
            "spring.servlet.multipart.enabled", "false", "granary.ingest.events.poll-interval", "100ms",
            "spring.autoconfigure.exclude", "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration");

    private final ConfigurableApplicationContext context;

    private RunningSync(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static RunningSync start(RunningIngest ingest, LegacyAndSyncDatabases databases, String slot, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("spring.application.name", "metadata-sync");
        all.put("granary.database.component", "metadata-sync");
        all.put("spring.datasource.url", databases.syncUrl());
        all.put("granary.auth.database-url", ingest.archive().authDatabase());
        all.put("granary.auth.service-token-file", ingest.archive().serviceTokenFile(ServiceName.METADATA_SYNC).toString());
        all.put("granary.sync.legacy-url", databases.legacyUrl());
        all.put("granary.sync.ingest-url", ingest.url());
        all.put("granary.sync.slot-name", slot);
        all.put("granary.sync.feed-interval", "100ms");
        all.put("granary.sync.retry-delay", "200ms");
        all.put("logging.structured.format.console", "");
        all.putAll(settings);
        String[] arguments = all.entrySet().stream().map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new);
        return new RunningSync(GranaryApplication.run(MetadataSyncApplication.class, arguments));
    }

    public String url() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
