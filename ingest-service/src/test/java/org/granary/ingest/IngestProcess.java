package org.granary.ingest;

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

/**
 * ingest-service as operators run it, for tests that must kill it: a JVM running the built jar on
 * its own port, database and home, so that SIGKILL hits the service and not the test.
 */
final class IngestProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target/ingest-service-exec.jar").toAbsolutePath();

    private final int port;
    private final Path home;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    /** {@code environment}: the database, token and archive settings it runs with, every start. */
    IngestProcess(int port, Path home, Map<String, String> environment) {
        this.port = port;
        this.home = home;
        this.environment = Map.copyOf(environment);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path spool() {
        return home.resolve("spool");
    }

    /** Starts it and waits until it answers healthy. */
    void start() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build ingest-service first: no " + JAR);
        }
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("ingest.log").toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().put("GRANARY_INSTANCE_HOME", home.toString());
        process = builder.start();
        awaitHealthy();
    }

    /** SIGKILL: no shutdown hook, no graceful end of the requests in flight. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ingest-service survived SIGKILL for 30 s");
        }
    }

    private void awaitHealthy() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ingest-service exited; see " + home.resolve("ingest.log"));
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
        throw new IllegalStateException("ingest-service did not become healthy; see " + home.resolve("ingest.log"));
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
