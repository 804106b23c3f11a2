package org.granary.dbmonitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.granary.platform.application.GranaryApplication;
import org.granary.postgres.FreePorts;
import org.granary.postgres.TemporaryPostgres;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A db-monitor in the test's JVM, on a real port and its own database, watching the clusters of
 * a clusters file the test writes, with an operator's token.
 */
public final class RunningDbMonitor implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final String url;
    private final String operatorToken;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningDbMonitor(ConfigurableApplicationContext context, String url) throws Exception {
        this.context = context;
        this.url = url;
        String admin = Files.readString(Path.of(context.getEnvironment().getRequiredProperty("granary.auth.admin-token-file"))).strip();
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(url + "/admin/tokens")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"operator\",\"label\":\"night-shift\"}")));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("no operator token: " + created.body());
        }
        this.operatorToken = JSON.readTree(created.body()).get("token").asString();
    }

    /** Starts db-monitor watching {@code clustersFile}, polling fast; {@code settings} win over the defaults here. */
    public static RunningDbMonitor start(Path home, Path clustersFile, Map<String, String> settings) throws Exception {
        int port = freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", String.valueOf(port));
        all.put("spring.datasource.url", TemporaryPostgres.freshDatabase("db_monitor"));
        all.put("granary.auth.admin-token-file", home.resolve("admin-token").toString());
        all.put("granary.db-monitor.clusters-file", clustersFile.toString());
        all.put("granary.db-monitor.poll-interval", "1s");
        all.put("granary.db-monitor.poll-timeout", "1s");
        all.put("logging.structured.format.console", "");
        all.putAll(settings);
        String[] arguments = all.entrySet().stream().map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new);
        return new RunningDbMonitor(GranaryApplication.run(DbMonitorApplication.class, arguments), "http://127.0.0.1:" + port);
    }

    /** A port for a server started later: see {@link FreePorts}. */
    public static int freePort() {
        return FreePorts.outsideEphemeralRange();
    }

    public String url() {
        return url;
    }

    public String operatorToken() {
        return operatorToken;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path));
        return send(token == null ? request : request.header("Authorization", "Bearer " + token));
    }

    public JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path, operatorToken);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public HttpResponse<String> send(String method, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(token == null ? request : request.header("Authorization", "Bearer " + token));
    }

    /** The cluster's status, as soon as it satisfies {@code condition}; fails after {@code within} with the last one seen. */
    public JsonNode awaitCluster(String cluster, Duration within, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(within);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = getJson("/clusters/" + cluster);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("cluster " + cluster + " never got there within " + within + "; last seen: " + last);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        context.close();
    }
}
