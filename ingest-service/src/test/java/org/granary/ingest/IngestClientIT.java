package org.granary.ingest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.granary.ingest.client.DeclaredChecksums;
import org.granary.ingest.client.Delivery;
import org.granary.ingest.client.Granule;
import org.granary.ingest.client.GranulePage;
import org.granary.ingest.client.GranuleSearch;
import org.granary.ingest.client.IngestClient;
import org.granary.ingest.client.IngestException;
import org.granary.ingest.client.PushResult;
import org.granary.ingest.client.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract of ingest-client: {@link IngestClient} against the real ingest-service, with two real archive nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestClientIT {
    private static final String OMTO3 = "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5";
    private static final byte[] OZONE = "total column ozone, orbit 1132".repeat(100).getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path home;
    private RunningIngest ingest;
    private IngestClient station;
    private IngestClient scientist;

    @BeforeAll
    void start() throws Exception {
        ingest = RunningIngest.start(home, "ingest_client_it", Map.of("granary.ingest.stream-threshold-bytes", "1048576"));
        station = new IngestClient(ingest.url(), ingest.token("station", "client station"));
        scientist = new IngestClient(ingest.url(), ingest.token("scientist", "client scientist"));
    }

    @AfterAll
    void stop() {
        station.close();
        scientist.close();
        ingest.close();
    }

    @Test
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
    }

    @Test
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
    void searchesPageThroughGranulesAndReadsOne() throws Exception {
        List<String> names = List.of("OMI-Aura_L2-OMTO3_2004m1002t0100-o01160_v003-2012m0405t174311.he5",
                "OMI-Aura_L2-OMTO3_2004m1002t0239-o01161_v003-2012m0405t174311.he5",
                "OMI-Aura_L2-OMTO3_2004m1002t0418-o01162_v003-2012m0405t174311.he5");
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(station.push(name, ("search test: " + name).getBytes(StandardCharsets.UTF_8), DeclaredChecksums.none()).granule().id());
        }
        GranuleSearch search = GranuleSearch.of("OMTO3").orbits(1160, 1162).limit(2);

        GranulePage firstPage = station.search(search);
        GranulePage secondPage = station.search(search.next(firstPage));
        Granule one = station.granule(ids.getFirst());

        assertThat(firstPage.items()).extracting(Granule::id).containsExactly(ids.get(0), ids.get(1));
        assertThat(firstPage.nextAfter()).isNotNull();
        assertThat(secondPage.items()).extracting(Granule::id).containsExactly(ids.get(2));
        assertThat(one.fileName()).isEqualTo(names.getFirst());
        assertThat(station.search(GranuleSearch.of("OMTO3").orbits(1, 2)).items()).isEmpty();
        assertThatThrownBy(() -> station.granule(Long.MAX_VALUE)).isInstanceOfSatisfying(IngestException.class,
                failure -> assertThat(failure.status()).isEqualTo(404));
    }

    @Test
    void downloadsTheWholeFileOrARange() throws Exception {
        String name = "OMI-Aura_L2-OMTO3_2004m1002t0557-o01163_v003-2012m0405t174311.he5";
        byte[] ozone = "total column ozone, orbit 1163".repeat(100).getBytes(StandardCharsets.UTF_8);
        long granule = station.push(name, ozone, DeclaredChecksums.none()).granule().id();

        try (InputStream whole = station.download(granule); InputStream range = station.download(granule, 6, 11)) {
            assertThat(whole.readAllBytes()).isEqualTo(ozone);
            assertThat(new String(range.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("column");
        }
        try (InputStream abandoned = station.download(granule)) {
            assertThat(abandoned.readNBytes(5)).isEqualTo(Arrays.copyOf(ozone, 5));
        }
        assertThatThrownBy(() -> station.download(granule, ozone.length, ozone.length + 10))
                .isInstanceOfSatisfying(IngestException.class, failure -> {
                    assertThat(failure.status()).isEqualTo(416);
                    assertThat(failure.code()).isEqualTo("range-not-satisfiable");
                });
        assertThat(station.granule(granule).fileName()).as("the pool works on after a download given up on").isEqualTo(name);
    }

    @Test
    void aScientistSubscribesToTheEventsOfSomeEsdts() {
        Subscription subscription = scientist.subscribe("http://192.0.2.10:9000/events", List.of("OMTO3", "OMNO2"));

        assertThat(subscription.id()).isPositive();
        assertThat(subscription.callbackUrl()).isEqualTo("http://192.0.2.10:9000/events");
        assertThat(subscription.esdts()).containsExactly("OMTO3", "OMNO2");
        assertThat(subscription.active()).isTrue();
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
