package org.granary.metadatasync;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.granary.ingest.RunningIngest;
import org.granary.platform.auth.ServiceName;
import org.granary.postgres.FreePorts;
import org.granary.testing.ServiceJar;

/** metadata-sync as operators run it, the built jar in a JVM of its own, for tests that SIGKILL it. */
final class MetadataSyncProcess implements AutoCloseable {
    private final ServiceJar jar;

    MetadataSyncProcess(RunningIngest ingest, LegacyAndSyncDatabases databases, String slot, Path home) {
        this(ingest, databases, slot, home, Map.of());
    }

    /** {@code more}: environment variables added to the fixture's (settings such as {@code GRANARY_SYNC_LOAD_CHUNK}). */
    MetadataSyncProcess(RunningIngest ingest, LegacyAndSyncDatabases databases, String slot, Path home, Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "SPRING_DATASOURCE_URL", databases.syncUrl(),
                "GRANARY_AUTH_DATABASE_URL", ingest.archive().authDatabase(),
                "GRANARY_AUTH_SERVICE_TOKEN_FILE", ingest.archive().serviceTokenFile(ServiceName.METADATA_SYNC).toString(),
                "GRANARY_SYNC_LEGACY_URL", databases.legacyUrl(),
                "GRANARY_SYNC_INGEST_URL", ingest.url(),
                "GRANARY_SYNC_SLOT_NAME", slot,
                "GRANARY_SYNC_RETRY_DELAY", "200ms",
                "GRANARY_SYNC_FEED_INTERVAL", "100ms"));
        environment.putAll(more);
        this.jar = new ServiceJar("metadata-sync", Path.of("target/metadata-sync-exec.jar"), home, FreePorts.outsideEphemeralRange(), "384m",
                environment);
    }

    void start() throws Exception {
        jar.start();
    }

    /** SIGKILL: no shutdown hook, nothing flushed. */
    void kill() throws InterruptedException {
        jar.kill();
    }

    @Override
    public void close() {
        jar.close();
    }
}
