package org.granary.ingest;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.granary.archive.ArchiveNodes;
import org.granary.archive.client.ArchiveClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ingest answers when the archive path fails, with two real archive nodes (R = 2): a node
 * down is a dependency failing (503, the station retries), an upload that breaks off is the
 * station's (400), a range beyond the file's end is 416 whatever the archive's state, and content
 * no node holds is 404; none of them is catalogued or kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchivePathIT {
    private static final int STREAM_THRESHOLD = 1 << 20;
    private static final List<String> NODES = RunningIngest.NODES;

    @TempDir
    static Path home;
    private RunningIngest ingest;
    private ArchiveNodes archive;
    private String station;

    @BeforeAll
    void start() throws Exception {
        ingest = RunningIngest.start(home, "ingest_archive_path",
                Map.of("granary.ingest.stream-threshold-bytes", String.valueOf(STREAM_THRESHOLD)));
        archive = ingest.archive();
        station = ingest.token("station", "Svalbard ground station");
    }

    @AfterAll
    void stop() {
        ingest.close();
    }

    @Test
    void aStreamedPushWithAnArchiveNodeDownIs503ForTheServiceAndSucceedsOnceTheNodeIsBack() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0321-o02001_v003-2012m0405t174311.he5";
        // Past the stream threshold; within what Tomcat reads of a body left unread, so the answer is not cut off.
        byte[] content = content(STREAM_THRESHOLD + STREAM_THRESHOLD / 2, 2001);
        HttpResponse<String> refused;
        archive.stop("archive-2");
        try {
            refused = pushWithSha256(name, content);
        } finally {
            archive.start("archive-2", NODES);
        }

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = RunningIngest.json(refused.body());
        assertThat(problem.get("code").asString()).isEqualTo("dependency-unavailable");
        assertThat(problem.get("fault").asString()).isEqualTo("service");
        assertThat(problem.get("detail").asString()).contains("nothing was recorded");
        assertThat(granuleCount(name)).isZero();

        double streamedBefore = counter("granary_ingest_push_stage_seconds_count", "stage=\"stream\"");
        HttpResponse<String> pushed = pushWithSha256(name, content);

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        assertThat(granuleCount(name)).isEqualTo(1);
        try (ArchiveClient client = archive.client()) {
            assertThat(client.holders(sha256(content))).containsExactlyInAnyOrderElementsOf(NODES);
        }
        assertThat(counter("granary_ingest_push_stage_seconds_count", "stage=\"stream\"")).as("passed straight to the nodes")
                .isEqualTo(streamedBefore + 1);
    }

    @Test
    void aStreamedPushWhoseBodyEndsEarlyIs400ForTheStationAndNothingIsKept() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0500-o02002_v003-2012m0405t174311.he5";
        byte[] content = content(3 * STREAM_THRESHOLD, 2002);
        URI url = URI.create(ingest.url());
        double malformedBefore = counter("granary_ingest_refusals_total", "cause=\"malformed-request\"");
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
        assertThat(counter("granary_ingest_refusals_total", "cause=\"malformed-request\"")).as("refused as the station's fault, not the archive's")
                .isEqualTo(malformedBefore + 1);
        assertThat(granuleCount(name)).isZero();
        for (String node : NODES) {
            assertThat(archive.node(node).objectFile(sha256(content))).doesNotExist();
            ArchiveNodes.await("no part file left on " + node, Duration.ofSeconds(30),
                    () -> files(archive.node(node).volume().resolve("incoming")).isEmpty());
        }
    }

    @Test
    void contentThatNoArchiveNodeHoldsIs404Not503() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0640-o02003_v003-2012m0405t174311.he5";
        byte[] content = "lost".repeat(100).getBytes(StandardCharsets.UTF_8);
        long id = RunningIngest.json(push(name, content).body()).get("id").asLong();
        for (String node : NODES) {
            HttpResponse<String> deleted = archive.send(archive.request(node, "/objects/" + sha256(content)).DELETE());
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        }

        HttpResponse<String> download = ingest.get("/granules/" + id + "/content");

        assertThat(download.statusCode()).as(download.body()).isEqualTo(404);
        assertThat(download.body()).contains("not-found").contains("no archive node holds").contains(sha256(content));
    }

    @Test
    void aCorruptCopyIsNeverDownloadedWholeTheDownloadGoesOnFromTheOtherCopy() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0820-o02004_v003-2012m0405t174311.he5";
        byte[] content = content(3 * STREAM_THRESHOLD + 17, 2004);
        long id = RunningIngest.json(pushWithSha256(name, content).body()).get("id").asLong();
        String first;
        try (ArchiveClient client = archive.client()) {
            first = client.map().placement().preferred(sha256(content)).getFirst().id();
        }
        Path copy = archive.node(first).objectFile(sha256(content));

        for (long offset : new long[] {2L * STREAM_THRESHOLD + 5, 5}) {
            ArchiveNodes.flipByte(copy, offset);
            HttpResponse<byte[]> download = ingest.download("/granules/" + id + "/content");
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).as("byte %d flipped on %s", offset, first).isEqualTo(content);
            ArchiveNodes.await(first + " to repair its copy", Duration.ofSeconds(30), () -> sameContent(copy, content));
        }
    }

    private static boolean sameContent(Path file, byte[] content) {
        try {
            return java.util.Arrays.equals(Files.readAllBytes(file), content);
        } catch (java.io.IOException notThereYet) {
            return false;
        }
    }

    /** Both nodes are stopped and started again within the test, so that the tests after it find the archive whole. */
    @Test
    void aRangeThatStartsAtOrBeyondTheEndIs416WithTheSizeWithoutAskingTheArchive() throws Exception {
        String name = "OMI-Aura_L2-OMSO2_2004m1001t0820-o02004_v003-2012m0405t174311.he5";
        byte[] content = "sulfur dioxide".repeat(100).getBytes(StandardCharsets.UTF_8);
        long id = RunningIngest.json(push(name, content).body()).get("id").asLong();
        HttpResponse<String> lastByte = get("/granules/" + id + "/content", "bytes=" + (content.length - 1) + "-");
        HttpResponse<String> atTheEnd;
        HttpResponse<String> beyond;
        HttpResponse<String> within;
        for (String node : NODES) {
            archive.stop(node);
        }
        try {
            atTheEnd = get("/granules/" + id + "/content", "bytes=" + content.length + "-");
            beyond = get("/granules/" + id + "/content", "bytes=" + (content.length + 10) + "-" + (content.length + 20));
            within = get("/granules/" + id + "/content", "bytes=0-9");
        } finally {
            for (String node : NODES) {
                archive.start(node, NODES);
            }
        }

        assertThat(lastByte.statusCode()).isEqualTo(206);
        assertThat(lastByte.body()).isEqualTo("e");
        for (HttpResponse<String> refused : List.of(atTheEnd, beyond)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(416);
            assertThat(refused.headers().firstValue("Content-Range")).hasValue("bytes */" + content.length);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(RunningIngest.json(refused.body()).get("code").asString()).isEqualTo("range-not-satisfiable");
        }
        assertThat(within.statusCode()).as("the archive is down: that range needs it").isEqualTo(503);
    }

    private HttpResponse<String> pushWithSha256(String name, byte[] content) throws Exception {
        return ingest.push(name + "?sha256=" + sha256(content), content, station);
    }

    private HttpResponse<String> push(String name, byte[] content) throws Exception {
        HttpResponse<String> pushed = ingest.push(name, content, station);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        return pushed;
    }

    private HttpResponse<String> get(String path, String range) throws Exception {
        return ingest.send(ingest.request(path).header("Range", range));
    }

    /** A counter's value summed over the series whose labels include {@code label}, from the service's metrics. */
    private double counter(String name, String label) throws Exception {
        return ingest.get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private long granuleCount(String fileName) {
        return ingest.sql().sql("SELECT count(*) FROM granule WHERE file_name = ?").param(fileName).query(Long.class).single();
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
