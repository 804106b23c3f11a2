package org.granary.planner;

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

/**
 * The planner as operators run it, for tests that kill it: a JVM running the built jar on its own
 * port, sharing a database (and so the work) with other instances.
 */
final class PlannerProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target/planner-exec.jar").toAbsolutePath();

    private final int port;
    private final Path home;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    PlannerProcess(RunningIngest ingest, int port, Path home, String databaseUrl) {
        this.port = port;
        this.home = home;
        this.environment = Map.of(
                "SPRING_DATASOURCE_URL", databaseUrl,
                "GRANARY_AUTH_DATABASE_URL", ingest.archive().authDatabase(),
                "GRANARY_AUTH_SERVICE_TOKEN_FILE", ingest.archive().serviceTokenFile(ServiceName.PLANNER).toString(),
                "GRANARY_PLANNER_INGEST_URL", ingest.url(),
                "GRANARY_PLANNER_HOME", home.toString(),
                "GRANARY_PLANNER_LEASE", "3s",
                "GRANARY_PLANNER_SWEEP_INTERVAL", "500ms",
                "GRANARY_PLANNER_POLL_INTERVAL", "200ms",
                "SERVER_PORT", String.valueOf(port),
                // each event taken in is logged: a test that waited in vain for a job tells whether its event came
                "LOGGING_LEVEL_ORG_GRANARY_PLANNER_CATALOGUE", "DEBUG");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts it and waits until it answers healthy (subscribed to ingest). */
    void start() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build the planner first: no " + JAR);
        }
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("planner.log").toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        awaitHealthy();
    }

    /** SIGKILL: no shutdown hook; the PGE processes it started are left running. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the planner survived SIGKILL for 30 s");
        }
    }

    private void awaitHealthy() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the planner exited; see " + home.resolve("planner.log"));
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the planner did not become healthy; see " + home.resolve("planner.log"));
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
