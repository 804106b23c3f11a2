package org.granary.ingest;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.granary.archive.ArchiveNodes;
import org.granary.archive.client.ArchiveClient;
import org.granary.platform.application.GranaryApplication;
import org.granary.platform.auth.ServiceName;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ingest answers when the archive path fails, with two real archive nodes (R = 2): a node
 * down is a dependency failing (503, the station retries), an upload that breaks off is the
 * station's (400), a range beyond the file's end is 416 whatever the archive's state, and content
 * no node holds is 404; none of them is catalogued or kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchivePathIT {
    private static final int STREAM_THRESHOLD = 1 << 20;
    private static final List<String> NODES = List.of("archive-1", "archive-2");

    @TempDir
    static Path home;
    private ArchiveNodes archive;
    private ConfigurableApplicationContext ingest;
    private String baseUrl;
    private String station;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void start() throws Exception {
        archive = ArchiveNodes.startTwo(home.resolve("archive"));
        ingest = GranaryApplication.run(IngestServiceApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + TemporaryPostgres.freshDatabase("ingest_archive_path"),
                "--granary.auth.database-url=" + archive.authDatabase(),
                "--granary.auth.service-token-file=" + archive.serviceTokenFile(ServiceName.INGEST_SERVICE),
                "--granary.ingest.spool-directory=" + home.resolve("spool"),
                "--granary.ingest.archive-nodes=" + archive.node("archive-1").url() + "," + archive.node("archive-2").url(),
                "--granary.ingest.stream-threshold-bytes=" + STREAM_THRESHOLD,
                "--logging.structured.format.console=");
        baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) ingest).getWebServer().getPort();
        station = token("station", "Svalbard ground station");
    }

    @AfterAll
    void stop() {
        ingest.close();
        archive.close();
    }

    @Test
    @Order(1)
    void aStreamedPushWithAnArchiveNodeDownIs503ForTheServiceAndSucceedsOnceTheNodeIsBack() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0321-o02001_v003-2012m0405t174311.he5";
        // Past the stream threshold; within what Tomcat reads of a body left unread, so the answer is not cut off.
        byte[] content = content(STREAM_THRESHOLD + STREAM_THRESHOLD / 2, 2001);
        archive.stop("archive-2");

        HttpResponse<String> refused = pushWithSha256(name, content);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("code").asString()).isEqualTo("dependency-unavailable");
        assertThat(problem.get("fault").asString()).isEqualTo("service");
        assertThat(problem.get("detail").asString()).contains("nothing was recorded");
        assertThat(granuleCount(name)).isZero();

        archive.start("archive-2", NODES);
        HttpResponse<String> pushed = pushWithSha256(name, content);

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        assertThat(granuleCount(name)).isEqualTo(1);
        try (ArchiveClient client = archive.client()) {
            assertThat(client.holders(sha256(content))).containsExactlyInAnyOrderElementsOf(NODES);
        }
        assertThat(get("/actuator/prometheus").body()).as("passed straight to the nodes")
                .containsPattern("granary_ingest_push_stage_seconds_count\\{[^}]*stage=\"stream\"[^}]*} [1-9]");
    }

    @Test
    @Order(2)
    void aStreamedPushWhoseBodyEndsEarlyIs400ForTheStationAndNothingIsKept() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0500-o02002_v003-2012m0405t174311.he5";
        byte[] content = content(3 * STREAM_THRESHOLD, 2002);
        URI url = URI.create(baseUrl);
        String answer;
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /files/" + name + "?sha256=" + sha256(content) + " HTTP/1.1\r\nHost: " + url.getAuthority()
                    + "\r\nAuthorization: Bearer " + station + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content, 0, content.length / 2);
            out.flush();
            socket.shutdownOutput();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(answer).startsWith("HTTP/1.1 400");
        // Tomcat renders a request whose body broke off itself; the platform's error handling makes it problem+json.
        assertThat(get("/actuator/prometheus").body()).as("refused as the station's fault, not the archive's")
                .containsPattern("granary_ingest_refusals_total\\{[^}]*cause=\"malformed-request\"[^}]*} 1\\.0");
        assertThat(granuleCount(name)).isZero();
        for (String node : NODES) {
            assertThat(archive.node(node).objectFile(sha256(content))).doesNotExist();
            ArchiveNodes.await("no part file left on " + node, Duration.ofSeconds(30),
                    () -> files(archive.node(node).volume().resolve("incoming")).isEmpty());
        }
    }

    @Test
    @Order(3)
    void contentThatNoArchiveNodeHoldsIs404Not503() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0640-o02003_v003-2012m0405t174311.he5";
        byte[] content = "lost".repeat(100).getBytes(StandardCharsets.UTF_8);
        long id = json.readTree(push(name, content).body()).get("id").asLong();
        for (String node : NODES) {
            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(archive.node(node).url() + "/objects/" + sha256(content)))
                    .header("Authorization", "Bearer " + archive.adminToken()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        }

        HttpResponse<String> download = get("/granules/" + id + "/content");

        assertThat(download.statusCode()).as(download.body()).isEqualTo(404);
        assertThat(download.body()).contains("not-found").contains("no archive node holds").contains(sha256(content));
    }

    @Test
    @Order(4)
    void aRangeThatStartsAtOrBeyondTheEndIs416WithTheSizeWithoutAskingTheArchive() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0820-o02004_v003-2012m0405t174311.he5";
        byte[] content = "sulfur dioxide".repeat(100).getBytes(StandardCharsets.UTF_8);
        long id = json.readTree(push(name, content).body()).get("id").asLong();
        HttpResponse<String> lastByte = get("/granules/" + id + "/content", "bytes=" + (content.length - 1) + "-");
        archive.stop("archive-1");
        archive.stop("archive-2");

        HttpResponse<String> atTheEnd = get("/granules/" + id + "/content", "bytes=" + content.length + "-");
        HttpResponse<String> beyond = get("/granules/" + id + "/content", "bytes=" + (content.length + 10) + "-" + (content.length + 20));
        HttpResponse<String> within = get("/granules/" + id + "/content", "bytes=0-9");

        assertThat(lastByte.statusCode()).isEqualTo(206);
        assertThat(lastByte.body()).isEqualTo("e");
        for (HttpResponse<String> refused : List.of(atTheEnd, beyond)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(416);
            assertThat(refused.headers().firstValue("Content-Range")).hasValue("bytes */" + content.length);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(refused.body()).get("code").asString()).isEqualTo("range-not-satisfiable");
        }
        assertThat(within.statusCode()).as("the archive is down: that range needs it").isEqualTo(503);
    }

    private HttpResponse<String> pushWithSha256(String name, byte[] content) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/files/" + name + "?sha256=" + sha256(content)))
                .header("Authorization", "Bearer " + station).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> push(String name, byte[] content) throws Exception {
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/files/" + name))
                .header("Authorization", "Bearer " + station).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        return pushed;
    }

    private HttpResponse<String> get(String path, String range) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Range", range).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String role, String label) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/tokens"))
                .header("Authorization", "Bearer " + archive.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\",\"label\":\"" + label + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(created.body()).get("token").asString();
    }

    private long granuleCount(String fileName) {
        return ingest.getBean(JdbcClient.class).sql("SELECT count(*) FROM granule WHERE file_name = ?").param(fileName).query(Long.class).single();
    }

    private static byte[] content(int length, long seed) {
        byte[] content = new byte[length];
        new Random(seed).nextBytes(content);
        return content;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static List<String> files(Path folder) {
        try (var list = Files.list(folder)) {
            return list.map(path -> path.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
