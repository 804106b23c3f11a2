package org.granary.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A service as operators run it, for tests that kill it: its built jar in a JVM of its own, on a
 * port of its own ({@code SERVER_PORT}), its output in {@code <name>.log} under its home.
 * {@link #start} returns once it answers healthy; {@link #kill} is SIGKILL (no shutdown hook,
 * nothing flushed), and the service can be started again on the same port and home.
 */
public final class ServiceJar implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final String name;
    private final Path jar;
    private final Path home;
    private final int port;
    private final String maxHeap;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    /**
     * @param jar the executable jar, relative to the module (built by {@code package} before the ITs run)
     * @param maxHeap the JVM's {@code -Xmx}, such as {@code 256m}
     * @param environment the service's settings; {@code SERVER_PORT} is added
     */
    public ServiceJar(String name, Path jar, Path home, int port, String maxHeap, Map<String, String> environment) {
        this.name = requireNonNull(name, "name is null");
        this.jar = jar.toAbsolutePath();
        this.home = requireNonNull(home, "home is null");
        this.port = port;
        this.maxHeap = requireNonNull(maxHeap, "maxHeap is null");
        Map<String, String> all = new HashMap<>(environment);
        all.put("SERVER_PORT", String.valueOf(port));
        this.environment = Map.copyOf(all);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return home.resolve(name + ".log");
    }

    /** Starts it and waits until it answers healthy; a process that exits first is an error naming its log. */
    public void start() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build " + name + " first: no " + jar);
        }
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + maxHeap,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        awaitHealthy();
    }

    /** SIGKILL: no shutdown hook; the processes it started (a PGE, say) are left running. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL for 30 s");
        }
    }

    private void awaitHealthy() throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log());
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
        throw new IllegalStateException(name + " did not become healthy within " + START_TIMEOUT.toSeconds() + " s; see " + log());
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
