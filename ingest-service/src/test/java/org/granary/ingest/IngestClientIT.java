package org.granary.ingest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.granary.archive.ArchiveNodes;
import org.granary.ingest.client.DeclaredChecksums;
import org.granary.ingest.client.Delivery;
import org.granary.ingest.client.Granule;
import org.granary.ingest.client.GranulePage;
import org.granary.ingest.client.GranuleSearch;
import org.granary.ingest.client.IngestClient;
import org.granary.ingest.client.IngestException;
import org.granary.ingest.client.PushResult;
import org.granary.ingest.client.Subscription;
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
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract of ingest-client: {@link IngestClient} against the real ingest-service, with two real archive nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestClientIT {
    private static final String OMTO3 = "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5";
    private static final byte[] OZONE = "total column ozone, orbit 1132".repeat(100).getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path home;
    private ArchiveNodes archive;
    private ConfigurableApplicationContext ingest;
    private IngestClient station;
    private IngestClient scientist;
    private long ozoneGranule;

    @BeforeAll
    void start() throws Exception {
        archive = ArchiveNodes.startTwo(home.resolve("archive"));
        ingest = GranaryApplication.run(IngestServiceApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + TemporaryPostgres.freshDatabase("ingest_client_it"),
                "--granary.auth.database-url=" + archive.authDatabase(),
                "--granary.auth.service-token-file=" + archive.serviceTokenFile(ServiceName.INGEST_SERVICE),
                "--granary.ingest.spool-directory=" + home.resolve("spool"),
                "--granary.ingest.archive-nodes=" + archive.node("archive-1").url() + "," + archive.node("archive-2").url(),
                "--granary.ingest.stream-threshold-bytes=1048576",
                "--logging.structured.format.console=");
        String baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) ingest).getWebServer().getPort();
        station = new IngestClient(baseUrl, token(baseUrl, "station"));
        scientist = new IngestClient(baseUrl, token(baseUrl, "scientist"));
    }

    @AfterAll
    void stop() {
        station.close();
        scientist.close();
        ingest.close();
        archive.close();
    }

    @Test
    @Order(1)
    void pushesContentFromMemoryAFileAndAStreamAndARepeatFindsTheGranule() throws Exception {
        PushResult first = station.push(OMTO3, OZONE, DeclaredChecksums.md5(hex("MD5", OZONE)));
        PushResult repeat = station.push(OMTO3, OZONE, DeclaredChecksums.none());
        String fileName = "OMI-Aura_L2-OMTO3_2004m1001t0142-o01133_v003-2012m0405t174311.he5";
        Path file = Files.write(home.resolve(fileName), "orbit 1133".repeat(1000).getBytes(StandardCharsets.UTF_8));
        PushResult fromFile = station.push(fileName, file, DeclaredChecksums.none());
        String streamedName = "OMI-Aura_L2-OMSO2_2004m1001t0321-o01134_v003-2012m0405t174311.he5";
        byte[] large = random(3 << 20, 1134);
        PushResult streamed = station.push(streamedName, new ByteArrayInputStream(large), large.length,
                DeclaredChecksums.sha256(hex("SHA-256", large)));

        assertThat(first.created()).isTrue();
        Granule granule = first.granule();
        assertThat(granule.esdt()).isEqualTo("OMTO3");
        assertThat(granule.collection()).isEqualTo(3);
        assertThat(granule.orbit()).isEqualTo(1132);
        assertThat(granule.startTime()).hasToString("2004-10-01T00:03:00Z");
        assertThat(granule.sha256()).isEqualTo(hex("SHA-256", OZONE));
        assertThat(granule.md5()).isEqualTo(hex("MD5", OZONE));
        assertThat(granule.sizeBytes()).isEqualTo(OZONE.length);
        assertThat(granule.state()).isEqualTo("archived");
        assertThat(repeat.created()).isFalse();
        assertThat(repeat.granule().id()).isEqualTo(granule.id());
        assertThat(fromFile.created()).isTrue();
        assertThat(fromFile.granule().sizeBytes()).isEqualTo(Files.size(file));
        assertThat(streamed.created()).isTrue();
        assertThat(streamed.granule().md5()).isEqualTo(hex("MD5", large));
        ozoneGranule = granule.id();
    }

    @Test
    @Order(2)
    void refusalsCarryIngestsStatusAndProblemCode() {
        String name = "OMI-Aura_L2-OMTO3_2004m1001t0500-o01135_v003-2012m0405t174311.he5";

        assertThatThrownBy(() -> station.push(name, OZONE, DeclaredChecksums.sha256("0".repeat(64))))
                .isInstanceOfSatisfying(IngestException.class, failure -> {
                    assertThat(failure.status()).isEqualTo(422);
                    assertThat(failure.code()).isEqualTo("content-mismatch");
                    assertThat(failure.retriable()).isFalse();
                });
        assertThatThrownBy(() -> station.push("not-an-omi-file.txt", OZONE, DeclaredChecksums.none()))
                .isInstanceOfSatisfying(IngestException.class, failure -> assertThat(failure.status()).isEqualTo(400));
        assertThatThrownBy(() -> station.subscribe("http://192.0.2.10:9000/events", List.of()))
                .isInstanceOfSatisfying(IngestException.class, failure -> assertThat(failure.status()).isEqualTo(403));
    }

    @Test
    @Order(3)
    void aPdrDeliveryIsFollowedToItsPan() throws Exception {
        byte[] first = "orbit 1140 ozone".getBytes(StandardCharsets.UTF_8);
        byte[] second = "orbit 1141 ozone".getBytes(StandardCharsets.UTF_8);
        String firstName = "OMI-Aura_L2-OMTO3_2004m1001t1000-o01140_v003-2012m0405t174311.he5";
        String secondName = "OMI-Aura_L2-OMTO3_2004m1001t1139-o01141_v003-2012m0405t174311.he5";
        byte[] pdr = pdr(fileSpec(firstName, first), fileSpec(secondName, second)).getBytes(StandardCharsets.UTF_8);

        Delivery posted = station.postPdr("omi-2004-10-01-client.PDR", pdr);
        Delivery again = station.postPdr("omi-2004-10-01-client.PDR", pdr);

        assertThat(posted.state()).isEqualTo("open");
        assertThat(posted.files()).extracting(Delivery.File::fileName).containsExactlyInAnyOrder(firstName, secondName);
        assertThat(posted.files()).allSatisfy(file -> assertThat(file.disposition()).isNull());
        assertThat(again.id()).isEqualTo(posted.id());
        assertThatThrownBy(() -> station.pan(posted.id())).isInstanceOfSatisfying(IngestException.class,
                failure -> assertThat(failure.status()).as("files are awaited").isEqualTo(409));

        station.push(firstName, first, DeclaredChecksums.none());
        station.push(secondName, second, DeclaredChecksums.none());

        Delivery complete = station.delivery(posted.id());
        assertThat(complete.state()).isEqualTo("complete");
        assertThat(complete.completedAt()).isNotNull();
        assertThat(complete.files()).allSatisfy(file -> {
            assertThat(file.disposition()).isNotNull();
            assertThat(file.granuleId()).isNotNull();
        });
        assertThat(station.pan(posted.id())).contains("MESSAGE_TYPE = SHORTPAN").contains("SUCCESSFUL");
    }

    @Test
    @Order(4)
    void searchesPageThroughGranulesAndReadsOne() {
        GranuleSearch search = GranuleSearch.of("OMTO3").orbits(1132, 1141).limit(2);

        GranulePage firstPage = station.search(search);
        GranulePage secondPage = station.search(search.next(firstPage));
        Granule one = station.granule(ozoneGranule);

        assertThat(firstPage.items()).hasSize(2);
        assertThat(firstPage.nextAfter()).isNotNull();
        assertThat(secondPage.items()).isNotEmpty().allSatisfy(granule -> assertThat(granule.id()).isGreaterThan(firstPage.nextAfter()));
        assertThat(firstPage.items()).extracting(Granule::fileName).contains(OMTO3);
        assertThat(one.fileName()).isEqualTo(OMTO3);
        assertThat(station.search(GranuleSearch.of("OMTO3").orbits(1, 2)).items()).isEmpty();
        assertThatThrownBy(() -> station.granule(999_999)).isInstanceOfSatisfying(IngestException.class,
                failure -> assertThat(failure.status()).isEqualTo(404));
    }

    @Test
    @Order(5)
    void downloadsTheWholeFileOrARange() throws Exception {
        try (InputStream whole = station.download(ozoneGranule); InputStream range = station.download(ozoneGranule, 6, 11)) {
            assertThat(whole.readAllBytes()).isEqualTo(OZONE);
            assertThat(new String(range.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("column");
        }
        try (InputStream abandoned = station.download(ozoneGranule)) {
            assertThat(abandoned.readNBytes(5)).isEqualTo(Arrays.copyOf(OZONE, 5));
        }
        assertThatThrownBy(() -> station.download(ozoneGranule, OZONE.length, OZONE.length + 10))
                .isInstanceOfSatisfying(IngestException.class, failure -> {
                    assertThat(failure.status()).isEqualTo(416);
                    assertThat(failure.code()).isEqualTo("range-not-satisfiable");
                });
        assertThat(station.granule(ozoneGranule).fileName()).as("the pool works on after a download given up on").isEqualTo(OMTO3);
    }

    @Test
    @Order(6)
    void aScientistSubscribesToTheEventsOfSomeEsdts() {
        Subscription subscription = scientist.subscribe("http://192.0.2.10:9000/events", List.of("OMTO3", "OMNO2"));

        assertThat(subscription.id()).isPositive();
        assertThat(subscription.callbackUrl()).isEqualTo("http://192.0.2.10:9000/events");
        assertThat(subscription.esdts()).containsExactly("OMTO3", "OMNO2");
        assertThat(subscription.active()).isTrue();
    }

    private String token(String baseUrl, String role) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/tokens"))
                .header("Authorization", "Bearer " + archive.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\",\"label\":\"client " + role + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JsonMapper.builder().build().readTree(created.body()).get("token").asString();
    }

    private static String pdr(String... fileSpecs) {
        return "ORIGINATING_SYSTEM = SVALBARD;\nTOTAL_FILE_COUNT = " + fileSpecs.length + ";\nEXPIRATION_TIME = 2030-01-01T00:00:00Z;\n"
                + "OBJECT = FILE_GROUP;\n  DATA_TYPE = OMTO3;\n  DATA_VERSION = 3;\n  NODE_NAME = svalbard.example;\n"
                + "  BEGINNING_DATE/TIME = 2004-10-01T00:00:00Z;\n  ENDING_DATE/TIME = 2004-10-02T00:00:00Z;\n"
                + String.join("", fileSpecs) + "END_OBJECT = FILE_GROUP;\n";
    }

    private static String fileSpec(String name, byte[] content) throws Exception {
        return "  OBJECT = FILE_SPEC;\n    DIRECTORY_ID = /outgoing;\n    FILE_ID = " + name + ";\n    FILE_TYPE = SCIENCE;\n"
                + "    FILE_SIZE = " + content.length + ";\n    FILE_CKSUM_TYPE = MD5;\n"
                + "    FILE_CKSUM_VALUE = " + hex("MD5", content) + ";\n  END_OBJECT = FILE_SPEC;\n";
    }

    private static String hex(String algorithm, byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
