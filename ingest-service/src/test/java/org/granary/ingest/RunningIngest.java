package org.granary.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * own, started as {@code IngestIT} starts it, with the HTTP calls the catalogue's tests make.
 */
final class RunningIngest implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ArchiveNodes archive;
    private final ConfigurableApplicationContext ingest;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningIngest(ArchiveNodes archive, ConfigurableApplicationContext ingest) {
        this.archive = archive;
        this.ingest = ingest;
        this.baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) ingest).getWebServer().getPort();
    }

    static RunningIngest start(Path home, String databaseName) throws Exception {
        ArchiveNodes archive = ArchiveNodes.startTwo(home.resolve("archive"));
        try {
            return new RunningIngest(archive, GranaryApplication.run(IngestServiceApplication.class,
                    "--server.port=0",
                    "--spring.datasource.url=" + TemporaryPostgres.freshDatabase(databaseName),
                    "--granary.auth.database-url=" + archive.authDatabase(),
                    "--granary.auth.service-token-file=" + archive.serviceTokenFile(ServiceName.INGEST_SERVICE),
                    "--granary.ingest.spool-directory=" + home.resolve("spool"),
                    "--granary.ingest.archive-nodes=" + archive.node("archive-1").url() + "," + archive.node("archive-2").url(),
                    "--logging.structured.format.console="));
        } catch (Exception | Error e) {
            archive.close();
            throw e;
        }
    }

    /** The service's own view of its database. */
    JdbcClient sql() {
        return ingest.getBean(JdbcClient.class);
    }

    String adminToken() throws Exception {
        return archive.adminToken();
    }

    /** A new token of the role, made by the admin. */
    String token(String role, String label) throws Exception {
        HttpResponse<String> created = post("/admin/tokens", "{\"role\":\"" + role + "\",\"label\":\"" + label + "\"}", adminToken());
        return json(created.body()).get("token").asString();
    }

    HttpResponse<String> push(String name, byte[] content, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/files/" + name))
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET of a path whose query the caller has encoded. */
    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of JSON, with the token if not null. */
    HttpResponse<String> post(String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postBytes(String path, byte[] body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
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
