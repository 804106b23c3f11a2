package org.granary.planner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.granary.ingest.RunningIngest;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.auth.ServiceName;
import org.granary.postgres.FreePorts;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A planner instance in the test's JVM, on a real port, against a real ingest-service (with its
 * archive nodes) and its own database, or the database of another instance to share the work.
 * Tokens live in the archive's auth database, so one token works on every service.
 */
public final class RunningPlanner implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext planner;
    private final String url;
    private final String databaseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningPlanner(ConfigurableApplicationContext planner, int port, String databaseUrl) {
        this.planner = planner;
        this.url = "http://127.0.0.1:" + port;
        this.databaseUrl = databaseUrl;
    }

    /** Starts a planner on {@code databaseUrl} with fast test timings; {@code settings} win over them. */
    public static RunningPlanner start(RunningIngest ingest, int port, Path home, String databaseUrl, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", String.valueOf(port));
        all.put("spring.datasource.url", databaseUrl);
        all.put("granary.auth.database-url", ingest.archive().authDatabase());
        all.put("granary.auth.service-token-file", ingest.archive().serviceTokenFile(ServiceName.PLANNER).toString());
        all.put("granary.planner.ingest-url", ingest.url());
        all.put("granary.planner.home", home.toString());
        all.put("granary.planner.lease", "3s");
        all.put("granary.planner.sweep-interval", "500ms");
        all.put("granary.planner.retry-backoff", "1s");
        all.put("granary.planner.poll-interval", "200ms");
        all.put("logging.structured.format.console", "");
        all.putAll(settings);
        String[] arguments = all.entrySet().stream().map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new);
        return new RunningPlanner(GranaryApplication.run(PlannerApplication.class, arguments), port, databaseUrl);
    }

    /**
     * Ingest's settings for planners that will listen on {@code ports}: their callbacks allowed,
     * events fanned out fast. Ingest runs in this JVM, where the planner's {@code application.yml}
     * comes first on the class path: ingest's own settings are given here, and Quartz left out.
     */
    public static Map<String, String> ingestSettingsFor(int... ports) {
        StringBuilder allowed = new StringBuilder();
        for (int port : ports) {
            allowed.append(allowed.isEmpty() ? "" : ",").append("127.0.0.1:").append(port);
        }
        return Map.of("granary.ingest.events.callback-allow-list", allowed.toString(), "granary.ingest.events.poll-interval", "100ms",
                "granary.database.component", "ingest-service", "spring.application.name", "ingest-service",
                "granary.ingest.esdt-catalog", "classpath:esdt/omi-catalog.json", "spring.servlet.multipart.enabled", "false",
                "spring.autoconfigure.exclude", "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration");
    }

    /**
     * Waits as {@link org.granary.archive.ArchiveNodes#await} does, for something that needs
     * ingest's events to reach a planner; a timeout says where the events stood.
     */
    public static void awaitEvents(RunningIngest ingest, String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        try {
            org.granary.archive.ArchiveNodes.await(what, timeout, condition);
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "\n" + ingest.eventDiagnostics(), timedOut);
        }
    }

    /** A port for a server started later: see {@link FreePorts}. */
    public static int freePort() {
        return FreePorts.outsideEphemeralRange();
    }

    public String url() {
        return url;
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    public JdbcClient sql() {
        return planner.getBean(JdbcClient.class);
    }

    public <T> T bean(Class<T> type) {
        return planner.getBean(type);
    }

    /** Waits until the planner subscribed to ingest (its health is UP). */
    public void awaitHealthy() throws Exception {
        org.granary.archive.ArchiveNodes.await("planner healthy", Duration.ofSeconds(60), () -> {
            try {
                return get("/actuator/health", null).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    public HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        return send(withToken(HttpRequest.newBuilder(URI.create(url + pathAndQuery)), token));
    }

    public HttpResponse<String> post(String path, String json, String token) throws Exception {
        return send(withToken(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token));
    }

    public JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder withToken(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        planner.close();
    }
}
