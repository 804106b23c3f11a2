package org.granary.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.granary.archive.ArchiveNodes;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.auth.ServiceName;
import org.granary.postgres.TemporaryPostgres;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ingest-service on a real port with two real archive nodes (R = 2) and a fresh database of its
 * own: the one set-up of ingest's integration tests, with the HTTP calls they make. It runs in the
 * test's JVM; {@link IngestProcess} runs ingest as a process of its own, for tests that kill it.
 */
public final class RunningIngest implements AutoCloseable {
    /** The archive nodes, as they are named in {@link ArchiveNodes#startTwo}. */
    public static final List<String> NODES = List.of("archive-1", "archive-2");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ArchiveNodes archive;
    private final ConfigurableApplicationContext ingest;
    private final Path spool;
    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningIngest(ArchiveNodes archive, ConfigurableApplicationContext ingest, Path spool) {
        this.archive = archive;
        this.ingest = ingest;
        this.spool = spool;
        this.url = "http://127.0.0.1:" + ((WebServerApplicationContext) ingest).getWebServer().getPort();
    }

    /** Starts two archive nodes and ingest with its default settings. */
    public static RunningIngest start(Path home, String databaseName) throws Exception {
        return start(home, databaseName, Map.of());
    }

    /**
     * Starts two archive nodes and ingest on a fresh database named after {@code databaseName}, in
     * {@code home}; {@code settings} (keys as in {@code application.yml}, such as
     * {@code granary.ingest.events.poll-interval}) are added to the fixture's and win over them.
     */
    public static RunningIngest start(Path home, String databaseName, Map<String, String> settings) throws Exception {
        ArchiveNodes archive = ArchiveNodes.startTwo(home.resolve("archive"));
        try {
            Path spool = home.resolve("spool");
            Map<String, String> all = new LinkedHashMap<>();
            all.put("server.port", "0");
            all.put("spring.datasource.url", TemporaryPostgres.freshDatabase(databaseName));
            all.put("granary.auth.database-url", archive.authDatabase());
            all.put("granary.auth.service-token-file", archive.serviceTokenFile(ServiceName.INGEST_SERVICE).toString());
            all.put("granary.ingest.spool-directory", spool.toString());
            all.put("granary.ingest.archive-nodes", String.join(",", NODES.stream().map(node -> archive.node(node).url()).toList()));
            all.put("logging.structured.format.console", "");
            // One argument per key: Spring joins repeated command-line arguments with commas.
            all.putAll(settings);
            String[] arguments = all.entrySet().stream().map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                    .toArray(String[]::new);
            return new RunningIngest(archive, GranaryApplication.run(IngestServiceApplication.class, arguments), spool);
        } catch (Exception | Error e) {
            archive.close();
            throw e;
        }
    }

    /** The archive nodes ingest writes to: to stop, kill and restart them, or to ask them directly. */
    public ArchiveNodes archive() {
        return archive;
    }

    /** ingest's base URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return url;
    }

    /** Where ingest spools pushes. */
    public Path spool() {
        return spool;
    }

    /** The service's own view of its database. */
    public JdbcClient sql() {
        return ingest.getBean(JdbcClient.class);
    }

    /** The service's own connection pool, for a test that holds a transaction open. */
    public DataSource dataSource() {
        return ingest.getBean(DataSource.class);
    }

    public String adminToken() throws IOException {
        return archive.adminToken();
    }

    /** A new token of the role, made by the admin; {@code label} is what granules name as their source. */
    public String token(String role, String label) throws Exception {
        HttpResponse<String> created = post("/admin/tokens", "{\"role\":\"" + role + "\",\"label\":\"" + label + "\"}", adminToken());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("no " + role + " token: " + created.statusCode() + " " + created.body());
        }
        return json(created.body()).get("token").asString();
    }

    /** A PUT of the file with the token; {@code headers} are name, value, name, value, ... */
    public HttpResponse<String> push(String name, byte[] content, String token, String... headers) throws Exception {
        HttpRequest.Builder request = request("/files/" + name).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** A GET of a path whose query the caller has encoded. */
    public HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(request(pathAndQuery));
    }

    /** A GET with the token if not null. */
    public HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        return send(withToken(request(pathAndQuery), token));
    }

    /** A GET of bytes, such as a granule's content; {@code headers} are name, value, ... */
    public HttpResponse<byte[]> download(String path, String... headers) throws Exception {
        HttpRequest.Builder request = request(path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A POST of JSON, with the token if not null. */
    public HttpResponse<String> post(String path, String json, String token) throws Exception {
        return send(withToken(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), token));
    }

    /**
     * A POST of a body the service refuses for its size, announced with {@code Expect: 100-continue}:
     * the refusal comes before the body is sent. Sent at once, the body races the service closing the
     * connection after its early answer, and the client may fail with a broken pipe instead of reading it.
     */
    public HttpResponse<String> postTooLarge(String path, String json, String token) throws Exception {
        return send(withToken(request(path).expectContinue(true).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token));
    }

    /** A POST of bytes (a PDR), with the token. */
    public HttpResponse<String> postBytes(String path, byte[] body, String token) throws Exception {
        return send(withToken(request(path).header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                token));
    }

    /** A DELETE with the token. */
    public HttpResponse<String> delete(String path, String token) throws Exception {
        return send(withToken(request(path).DELETE(), token));
    }

    /** A request to ingest for what the calls above do not cover. */
    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(url + pathAndQuery));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static HttpRequest.Builder withToken(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /**
     * Stops answering HTTP, as a service that is down or hung: its connector is paused, so requests
     * wait unanswered (or time out) while its state stays. Tomcat cannot be started again once stopped.
     */
    public void stopServing() {
        connector().pause();
    }

    /** Answers HTTP again, the waiting requests first. */
    public void startServing() {
        connector().resume();
    }

    private org.apache.catalina.connector.Connector connector() {
        return ((org.springframework.boot.tomcat.TomcatWebServer) ((WebServerApplicationContext) ingest).getWebServer()).getTomcat()
                .getConnector();
    }

    /**
     * What a test that waited in vain for an event should print: the fan-out cursor, the events
     * after it, every delivery with its attempts and last error, and the transactions holding an
     * id anywhere on the server (an open one in ingest's database holds the fan-out back).
     */
    public String eventDiagnostics() {
        JdbcClient sql = sql();
        StringBuilder report = new StringBuilder("ingest-service's events:");
        report.append("\n  cursor: ").append(sql.sql("SELECT last_transaction_id || '/' || last_event_id FROM outbox_cursor").query(String.class).list());
        report.append("\n  events after it: ").append(sql.sql("""
                SELECT e.id || ' ' || e.event_type || ' ' || e.esdt || ' tx ' || e.transaction_id FROM outbox_event e, outbox_cursor c
                 WHERE c.name = 'fan-out' AND (e.transaction_id, e.id) > (c.last_transaction_id, c.last_event_id) ORDER BY e.id""").query(String.class).list());
        report.append("\n  deliveries: ").append(sql.sql("""
                SELECT d.id || ' event ' || d.event_id || ' ' || d.state || ' attempts ' || d.attempts || ' next ' || coalesce(d.next_attempt_at::text, '-')
                       || ' error ' || coalesce(d.last_error, '-') FROM delivery d ORDER BY d.id""").query(String.class).list());
        report.append("\n  subscriptions: ").append(sql.sql("SELECT id || ' active ' || active FROM subscription ORDER BY id").query(String.class).list());
        report.append("\n  transactions with an id on the server: ").append(sql.sql("""
                SELECT pid || ' ' || datname || ' xid ' || backend_xid || ' ' || state || ' for ' || (now() - xact_start) || ': ' || left(query, 120)
                  FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid() ORDER BY xact_start""").query(String.class).list());
        report.append("\n  snapshot: ").append(sql.sql("SELECT pg_current_snapshot()::text").query(String.class).single());
        return report.toString();
    }

    @Override
    public void close() {
        try {
            ingest.close();
        } finally {
            archive.close();
        }
    }
}
