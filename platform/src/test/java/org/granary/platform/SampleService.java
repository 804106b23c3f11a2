package org.granary.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.sample.SampleApplication;
import org.granary.postgres.FreePorts;
import org.granary.postgres.TemporaryPostgres;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample service for a test class, on a real port and a fresh database: in this JVM, or in a
 * JVM of its own where its heap must be bounded or it must not share this one's threads.
 */
final class SampleService implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final Path home;
    private final ConfigurableApplicationContext context;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SampleService(int port, Path home, ConfigurableApplicationContext context, Process process, Path log) {
        this.port = port;
        this.home = home;
        this.context = context;
        this.process = process;
        this.log = log;
    }

    static SampleService inThisJvm(Path home, String databaseHint, String... arguments) {
        List<String> all = new ArrayList<>(baseArguments(home, databaseHint, 0));
        all.addAll(List.of(arguments));
        ConfigurableApplicationContext context = GranaryApplication.run(SampleApplication.class, all.toArray(String[]::new));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new SampleService(port, home, context, null, null);
    }

    /** A child JVM with these options (e.g. {@code -Xmx128m}) running the sample service; its output goes to a file. */
    static SampleService inOwnJvm(Path home, String databaseHint, List<String> jvmOptions, String... arguments)
            throws IOException, InterruptedException {
        int port = FreePorts.outsideEphemeralRange();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SampleApplication.class.getName()));
        command.addAll(baseArguments(home, databaseHint, port));
        command.addAll(List.of(arguments));
        Path log = home.resolve("sample-service.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SampleService service = new SampleService(port, home, null, process, log);
        service.awaitHealthy();
        return service;
    }

    int port() {
        return port;
    }

    /** The web server of a service in this JVM. */
    WebServer webServer() {
        return ((WebServerApplicationContext) context).getWebServer();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The admin token the service wrote on its first start. */
    String adminToken() throws IOException {
        return Files.readString(home.resolve("admin-token")).strip();
    }

    String createToken(String role, String label) throws IOException, InterruptedException {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url("/admin/tokens")))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\",\"label\":\"" + label + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("no token made: " + created.statusCode() + " " + created.body());
        }
        return JSON.readTree(created.body()).get("token").asString();
    }

    /** The status of {@code /actuator/health}, asked with a client that waits at most this long. */
    int health(Duration clientTimeout) throws IOException, InterruptedException {
        HttpClient impatient = HttpClient.newBuilder().connectTimeout(clientTimeout).build();
        return impatient.send(HttpRequest.newBuilder(URI.create(url("/actuator/health"))).timeout(clientTimeout).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    boolean alive() {
        return process == null || process.isAlive();
    }

    /** What the child JVM wrote so far. */
    String output() throws IOException {
        return log == null ? "" : Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the sample service stopped while starting:\n" + output());
            }
            try {
                if (health(Duration.ofSeconds(2)) == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the sample service was not healthy within " + START_TIMEOUT + ":\n" + output());
    }

    private static List<String> baseArguments(Path home, String databaseHint, int port) {
        return List.of("--server.port=" + port,
                "--spring.datasource.url=" + TemporaryPostgres.freshDatabase(databaseHint),
                "--granary.database.component=notes",
                "--granary.auth.admin-token-file=" + home.resolve("admin-token"),
                "--logging.structured.format.console=");
    }
}
