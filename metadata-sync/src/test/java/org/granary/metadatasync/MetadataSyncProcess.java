package org.granary.metadatasync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.granary.ingest.RunningIngest;
import org.granary.platform.auth.ServiceName;
import org.granary.testing.FreePorts;

/** metadata-sync as operators run it, the built jar in a JVM of its own, for tests that SIGKILL it. */
final class MetadataSyncProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target/metadata-sync-exec.jar").toAbsolutePath();

    private final Path home;
    private final Map<String, String> environment;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    MetadataSyncProcess(RunningIngest ingest, LegacyAndSyncDatabases databases, String slot, Path home) throws IOException {
        this(ingest, databases, slot, home, Map.of());
    }

    /** {@code more}: environment variables added to the fixture's (settings such as {@code GRANARY_SYNC_LOAD_CHUNK}). */
    MetadataSyncProcess(RunningIngest ingest, LegacyAndSyncDatabases databases, String slot, Path home, Map<String, String> more) throws IOException {
        this.home = home;
        this.port = FreePorts.outsideEphemeralRange();
        Map<String, String> fixture = Map.of(
                "SPRING_DATASOURCE_URL", databases.syncUrl(),
                "GRANARY_AUTH_DATABASE_URL", ingest.archive().authDatabase(),
                "GRANARY_AUTH_SERVICE_TOKEN_FILE", ingest.archive().serviceTokenFile(ServiceName.METADATA_SYNC).toString(),
                "GRANARY_SYNC_LEGACY_URL", databases.legacyUrl(),
                "GRANARY_SYNC_INGEST_URL", ingest.url(),
                "GRANARY_SYNC_SLOT_NAME", slot,
                "GRANARY_SYNC_RETRY_DELAY", "200ms",
                "GRANARY_SYNC_FEED_INTERVAL", "100ms",
                "SERVER_PORT", String.valueOf(port));
        Map<String, String> all = new java.util.HashMap<>(fixture);
        all.putAll(more);
        this.environment = Map.copyOf(all);
    }

    void start() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build metadata-sync first: no " + JAR);
        }
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("metadata-sync.log").toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        awaitHealthy();
    }

    /** SIGKILL: no shutdown hook, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("metadata-sync survived SIGKILL for 30 s");
        }
    }

    private void awaitHealthy() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("metadata-sync exited; see " + home.resolve("metadata-sync.log"));
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("metadata-sync did not become healthy; see " + home.resolve("metadata-sync.log"));
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
