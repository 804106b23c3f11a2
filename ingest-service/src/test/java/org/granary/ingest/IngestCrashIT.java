package org.granary.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.granary.archive.ArchiveNodes;
import org.granary.platform.auth.ServiceName;
import org.granary.postgres.FreePorts;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest-service SIGKILLed while eight stations push, part of them through a PDR, with a
 * subscriber listening: every acknowledged push is catalogued with both copies intact on disk and
 * its event; nothing is half-made (no granule without its copies or event, no spool leftovers);
 * the stations' retries after the restart make no duplicate and complete the delivery.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestCrashIT {
    private static final int STATIONS = 8;
    private static final int FILES = 160;
    private static final int IN_PDR = 40;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 60;
    private static final int SPOOLED_SIZE = 1536 * 1024;
    private static final int STREAMED_SIZE = 2 * 1024 * 1024 + 3;

    @TempDir
    static Path home;
    private ArchiveNodes archive;
    private IngestProcess ingest;
    private JdbcClient catalogue;
    private Subscriber subscriber;
    private String station;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    /** A file a station pushes: its name, bytes and checksums (a class: a record would compare its array by identity). */
    private static final class StationFile {
        private final String name;
        private final byte[] content;
        private final String sha256;
        private final String md5;

        StationFile(String name, byte[] content, String sha256, String md5) {
            this.name = name;
            this.content = content;
            this.sha256 = sha256;
            this.md5 = md5;
        }

        String name() {
            return name;
        }

        byte[] content() {
            return content;
        }

        String sha256() {
            return sha256;
        }

        String md5() {
            return md5;
        }

        boolean streamed() {
            return content.length == STREAMED_SIZE;
        }
    }

    /** What a 2xx answered for a push. */
    private record Acknowledged(StationFile file, long granuleId) {
    }

    @BeforeAll
    void start() throws Exception {
        archive = ArchiveNodes.startTwo(home.resolve("archive"));
        String database = TemporaryPostgres.freshDatabase("ingest_crash");
        catalogue = JdbcClient.create(new DriverManagerDataSource(database));
        ingest = new IngestProcess(FreePorts.outsideEphemeralRange(), home.resolve("ingest"), Map.of(
                "SPRING_DATASOURCE_URL", database,
                "GRANARY_AUTH_DATABASE_URL", archive.authDatabase(),
                "GRANARY_AUTH_SERVICE_TOKEN_FILE", archive.serviceTokenFile(ServiceName.INGEST_SERVICE).toString(),
                "GRANARY_INGEST_ARCHIVE_NODES", archive.node("archive-1").url() + "," + archive.node("archive-2").url(),
                "GRANARY_INGEST_STREAM_THRESHOLD_BYTES", "1048576",
                "GRANARY_INGEST_EVENTS_POLL_INTERVAL", "200ms",
                "GRANARY_INGEST_EVENTS_MAX_BACKOFF", "1s",
                "GRANARY_INGEST_EVENTS_CALLBACK_ALLOW_LIST", "127.0.0.1",
                "GRANARY_INGEST_EVENTS_RESPONSE_TIMEOUT", "5s",
                "GRANARY_INGEST_EVENTS_LEASE", "15s"));
        ingest.start();
        station = token("station", "Svalbard ground station");
        int subscriberPort = FreePorts.outsideEphemeralRange();
        subscriber = Subscriber.listen(subscriberPort);
        HttpResponse<String> subscribed = send(request("/subscriptions", token("scientist", "ozone team"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"callbackUrl\":\"http://127.0.0.1:" + subscriberPort + "/events\"}")));
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (subscriber != null) {
            subscriber.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        archive.close();
    }

    @Test
    void aKilledIngestLosesNoAcknowledgedPushAndLeavesNothingHalfMade() throws Exception {
        List<StationFile> files = IntStream.range(0, FILES).mapToObj(IngestCrashIT::stationFile).toList();
        HttpResponse<String> posted = send(request("/pdrs/svalbard-crash.PDR", station).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(pdr(files.subList(0, IN_PDR)))));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        long delivery = json.readTree(posted.body()).get("id").asLong();

        StationFile stalled = stationFile(FILES + 3); // index % 5 == 3: spooled to disk
        List<Acknowledged> acknowledged;
        java.net.Socket halfSent = startPush(stalled, stalled.content().length / 2);
        try (halfSent) {
            ArchiveNodes.await("the stalled push in the spool", Duration.ofSeconds(30), () -> spooledFiles() > 0);
            acknowledged = pushUntilKilled(files);
        }

        assertThat(spooledFiles()).as("the kill left the stalled push's spool file").isPositive();
        assertThat(acknowledged).as("pushes acknowledged before the kill").hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL)
                .as("the kill came while stations still pushed").hasSizeLessThan(FILES);
        ingest.start();
        assertThat(spooledFiles()).as("spool files of pushes in flight are removed at start").isZero();
        assertThat(catalogue.sql("SELECT count(*) FROM granule WHERE file_name = ?").param(stalled.name()).query(Long.class).single())
                .as("the stalled push").isZero();
        for (Acknowledged each : acknowledged) {
            JsonNode granule = json.readTree(send(request("/granules/" + each.granuleId(), station).GET()).body());
            assertThat(granule.get("fileName").asString()).isEqualTo(each.file().name());
            assertThat(granule.get("sha256").asString()).isEqualTo(each.file().sha256());
            assertThat(granule.get("md5").asString()).isEqualTo(each.file().md5());
            assertThat(granule.get("state").asString()).isEqualTo("archived");
            assertThat(downloadedSha256(each.granuleId())).as("content of " + each.file().name()).isEqualTo(each.file().sha256());
        }
        assertEveryGranuleHasItsCopiesAndOneEvent(files);

        for (StationFile file : files) {
            HttpResponse<String> again = push(file);
            assertThat(again.statusCode()).as(file.name() + ": " + again.body()).isIn(200, 201);
        }

        assertThat(catalogue.sql("SELECT file_name, count(*) FROM granule GROUP BY file_name HAVING count(*) > 1").query().listOfRows())
                .as("no file catalogued twice").isEmpty();
        assertThat(catalogue.sql("SELECT count(*) FROM granule").query(Long.class).single()).isEqualTo(FILES);
        assertEveryGranuleHasItsCopiesAndOneEvent(files);
        assertThat(send(request("/pdrs/" + delivery, station).GET()).body()).contains("\"state\":\"complete\"");
        assertThat(send(request("/pdrs/" + delivery + "/pan", station).GET()).body()).contains("MESSAGE_TYPE = SHORTPAN").contains("SUCCESSFUL");
        Set<Long> granuleIds = Set.copyOf(catalogue.sql("SELECT id FROM granule").query(Long.class).list());
        ArchiveNodes.await("an event for every granule, across the kill", Duration.ofSeconds(90),
                () -> announcedGranules().containsAll(granuleIds));
    }

    /**
     * Eight stations push their share of the files, each waiting for its answer, until ingest is
     * SIGKILLed once enough pushes were acknowledged; the 2xx answers are what they got.
     */
    private List<Acknowledged> pushUntilKilled(List<StationFile> files) throws Exception {
        List<Acknowledged> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService stations = Executors.newFixedThreadPool(STATIONS);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < STATIONS; i++) {
            running.add(stations.submit(() -> {
                for (int index; (index = next.getAndIncrement()) < files.size(); ) {
                    StationFile file = files.get(index);
                    HttpResponse<String> answer;
                    try {
                        answer = push(file);
                    } catch (IOException killed) {
                        return null;
                    }
                    assertThat(answer.statusCode()).as(file.name() + ": " + answer.body()).isEqualTo(201);
                    acknowledged.add(new Acknowledged(file, json.readTree(answer.body()).get("id").asLong()));
                }
                return null;
            }));
        }
        ArchiveNodes.await(ACKNOWLEDGED_BEFORE_KILL + " acknowledged pushes", Duration.ofMinutes(2),
                () -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL);
        ingest.kill();
        for (Future<?> each : running) {
            each.get();
        }
        stations.shutdown();
        return List.copyOf(acknowledged);
    }

    /** Nothing half-made: each catalogued granule has both copies, byte for byte, and exactly one event. */
    private void assertEveryGranuleHasItsCopiesAndOneEvent(List<StationFile> files) throws Exception {
        Map<String, StationFile> byName = files.stream().collect(Collectors.toMap(StationFile::name, file -> file));
        List<Map<String, Object>> granules = catalogue.sql("""
                SELECT g.file_name, g.sha256, (SELECT count(*) FROM outbox_event e WHERE e.granule_id = g.id) AS events
                FROM granule g""").query().listOfRows();
        for (Map<String, Object> granule : granules) {
            StationFile file = byName.get((String) granule.get("file_name"));
            assertThat(granule.get("sha256")).isEqualTo(file.sha256());
            assertThat(granule.get("events")).as("events of " + file.name()).isEqualTo(1L);
            for (String node : List.of("archive-1", "archive-2")) {
                Path copy = archive.node(node).objectFile(file.sha256());
                assertThat(copy).as(node + "'s copy of " + file.name()).isRegularFile();
                assertThat(sha256(Files.readAllBytes(copy))).as(node + "'s copy of " + file.name()).isEqualTo(file.sha256());
            }
        }
    }

    private Set<Long> announcedGranules() {
        Set<Long> announced = new java.util.HashSet<>();
        for (Subscriber.Received event : subscriber.received()) {
            announced.add(json.readTree(event.body()).get("granule").get("id").asLong());
        }
        return announced;
    }

    /**
     * File {@code index}: OMTO3, one orbit each. Most are small (held in memory); every fifth is
     * spooled to disk and every fifth streamed straight to the nodes with its SHA-256 declared.
     */
    private static StationFile stationFile(int index) {
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2004, 10, 1, 0, 3).plusMinutes(99L * index);
        String name = String.format("OMI-Aura_L2-OMTO3_%dm%02d%02dt%02d%02d-o%05d_v003-2012m0405t174311.he5", start.getYear(),
                start.getMonthValue(), start.getDayOfMonth(), start.getHour(), start.getMinute(), 1132 + index);
        int size = switch (index % 5) {
            case 3 -> SPOOLED_SIZE;
            case 4 -> index < IN_PDR ? SPOOLED_SIZE : STREAMED_SIZE;
            default -> 20_000 + index;
        };
        byte[] content = new byte[size];
        new Random(index).nextBytes(content);
        return new StationFile(name, content, sha256(content), hex(digest("MD5", content)));
    }

    private HttpResponse<String> push(StationFile file) throws IOException, InterruptedException {
        HttpRequest.Builder request = request("/files/" + file.name(), station).PUT(HttpRequest.BodyPublishers.ofByteArray(file.content()));
        if (file.streamed()) {
            request.header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(file.sha256())) + ":");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the head of a push and {@code bytes} of its body, then stalls: a push in flight when ingest dies. */
    private java.net.Socket startPush(StationFile file, int bytes) throws IOException {
        URI url = URI.create(ingest.url());
        java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort());
        var out = socket.getOutputStream();
        out.write(("PUT /files/" + file.name() + " HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\nAuthorization: Bearer " + station
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + file.content().length + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(file.content(), 0, bytes);
        out.flush();
        return socket;
    }

    private long spooledFiles() {
        try (var spooled = Files.list(ingest.spool())) {
            return spooled.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String downloadedSha256(long granuleId) throws Exception {
        HttpResponse<InputStream> download = http.send(request("/granules/" + granuleId + "/content", station).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String pdr(List<StationFile> files) {
        StringBuilder pdr = new StringBuilder("ORIGINATING_SYSTEM = SVALBARD;\nTOTAL_FILE_COUNT = " + files.size() + ";\n"
                + "EXPIRATION_TIME = 2030-01-01T00:00:00Z;\nOBJECT = FILE_GROUP;\n  DATA_TYPE = OMTO3;\n  DATA_VERSION = 3;\n"
                + "  NODE_NAME = svalbard.example;\n  BEGINNING_DATE/TIME = 2004-10-01T00:00:00Z;\n"
                + "  ENDING_DATE/TIME = 2004-10-02T00:00:00Z;\n");
        for (StationFile file : files) {
            pdr.append("  OBJECT = FILE_SPEC;\n    DIRECTORY_ID = /outgoing;\n    FILE_ID = ").append(file.name()).append(";\n")
                    .append("    FILE_TYPE = SCIENCE;\n    FILE_SIZE = ").append(file.content().length).append(";\n")
                    .append("    FILE_CKSUM_TYPE = MD5;\n    FILE_CKSUM_VALUE = ").append(file.md5()).append(";\n")
                    .append("  END_OBJECT = FILE_SPEC;\n");
        }
        return pdr.append("END_OBJECT = FILE_GROUP;\n").toString();
    }

    private String token(String role, String label) throws Exception {
        HttpResponse<String> created = send(request("/admin/tokens", archive.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\",\"label\":\"" + label + "\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("token").asString();
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(ingest.url() + path)).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }


    private static String sha256(byte[] content) {
        return hex(digest("SHA-256", content));
    }

    private static byte[] digest(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm).digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
