package org.granary.ingest;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.granary.ingest.RunningIngest.json;

/**
 * The catalogue's identity of a product, on ingest with two real archive nodes and real
 * PostgreSQL: several collections of one ESDT side by side, duplicate policies on the product
 * rather than the file name, level 0 data that takes its times from a PDR posted after it, and
 * PDRs fetched by name. Each test uses products of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogueIdentityIT {
    @TempDir
    static Path home;
    private RunningIngest ingest;
    private String station;

    @BeforeAll
    void start() throws Exception {
        ingest = RunningIngest.start(home, "catalogue_identity_it");
        station = ingest.token("station", "Svalbard ground station");
    }

    @AfterAll
    void stop() {
        ingest.close();
    }

    @Test
    void twoCollectionsOfOneEsdtLiveSideBySideAndEachIsFoundByItsCollection() throws Exception {
        String collection2 = """
                {"esdts": [{"shortName": "OMTO3e", "collectionVersion": 2, "processingLevel": "3",
                  "description": "OMI/Aura TOMS-Like Ozone Daily L3 Global 0.25x0.25 deg, collection 2",
                  "fileNamePattern": "OMI-Aura_L3-OMTO3e_{start:yyyy'm'MMdd}_v{collection:3}-{production:yyyy'm'MMdd't'HHmmss}.he5",
                  "timeUnit": "DAY", "duplicatePolicy": "REPLACE"}]}""";
        HttpResponse<String> loaded = ingest.post("/esdts", collection2, ingest.adminToken());
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);

        HttpResponse<String> second = ingest.push("OMI-Aura_L3-OMTO3e_2004m1003_v002-2008m0101t000000.he5", bytes("collection 2"), station);
        HttpResponse<String> third = ingest.push("OMI-Aura_L3-OMTO3e_2004m1003_v003-2012m0409t101417.he5", bytes("collection 3"), station);

        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(201);
        assertThat(json(second.body()).get("collection").asInt()).isEqualTo(2);
        assertThat(json(third.body()).get("collection").asInt()).isEqualTo(3);
        assertThat(collections(json(ingest.get("/esdts").body()), "OMTO3e")).containsExactly(2, 3);
        assertThat(collections(json(ingest.get("/esdts/OMTO3e").body()), "OMTO3e")).containsExactly(2, 3);
        assertThat(json(ingest.get("/esdts/OMTO3e/2").body()).get("description").asString()).endsWith("collection 2");
        assertThat(ingest.get("/esdts/OMTO3e/4").statusCode()).isEqualTo(404);
        assertThat(ingest.get("/esdts/NOSUCH").statusCode()).isEqualTo(404);
        String day = "&from=2004-10-03T00:00:00Z&to=2004-10-04T00:00:00Z";
        assertThat(fileNames(ingest.get("/granules?esdt=OMTO3e&collection=2" + day)))
                .containsExactly("OMI-Aura_L3-OMTO3e_2004m1003_v002-2008m0101t000000.he5");
        assertThat(fileNames(ingest.get("/granules?esdt=OMTO3e&collection=3" + day)))
                .containsExactly("OMI-Aura_L3-OMTO3e_2004m1003_v003-2012m0409t101417.he5");
        assertThat(fileNames(ingest.get("/granules?esdt=OMTO3e" + day))).hasSize(2);
    }

    @Test
    void aReprocessedFileSupersedesTheOlderProductionOfTheSameProduct() throws Exception {
        String older = "OMI-Aura_L3-OMTO3e_2004m1005_v003-2012m0409t101417.he5";
        String newer = "OMI-Aura_L3-OMTO3e_2004m1005_v003-2015m0101t000000.he5";
        JsonNode first = json(ingest.push(older, bytes("day five"), station).body());

        HttpResponse<String> reprocessed = ingest.push(newer, bytes("day five, reprocessed"), station);
        HttpResponse<String> lateRetry = ingest.push(older, bytes("day five"), station);

        assertThat(reprocessed.statusCode()).as(reprocessed.body()).isEqualTo(201);
        JsonNode replacement = json(reprocessed.body());
        assertThat(replacement.get("version").asInt()).isEqualTo(2);
        assertThat(replacement.get("productKey").asString()).isEqualTo("start:2004-10-05T00:00:00Z")
                .isEqualTo(first.get("productKey").asString());
        assertThat(json(ingest.get("/granules/" + first.get("id").asLong()).body()).get("state").asString()).isEqualTo("superseded");
        assertThat(fileNames(ingest.get("/granules?esdt=OMTO3e&from=2004-10-05T00:00:00Z&to=2004-10-06T00:00:00Z")))
                .containsExactly(newer);
        assertThat(lateRetry.statusCode()).as("a retry of the older production is no new version").isEqualTo(200);
        assertThat(json(lateRetry.body()).get("id").asLong()).isEqualTo(first.get("id").asLong());
        assertThat(productVersions("OMTO3e", "start:2004-10-05T00:00:00Z")).isEqualTo(2);
    }

    @Test
    void aReprocessedOrbitOfAnEsdtKeepingNewVersionsLeavesBothCurrent() throws Exception {
        String older = "OMI-Aura_L2-OMTO3_2004m1002t0531-o01150_v003-2012m0405t174311.he5";
        String newer = "OMI-Aura_L2-OMTO3_2004m1002t0531-o01150_v003-2019m0101t000000.he5";
        String sameBytesAgain = "OMI-Aura_L2-OMTO3_2004m1002t0531-o01150_v003-2020m0101t000000.he5";
        JsonNode first = json(ingest.push(older, bytes("orbit 1150"), station).body());

        JsonNode second = json(ingest.push(newer, bytes("orbit 1150, reprocessed"), station).body());
        HttpResponse<String> identical = ingest.push(sameBytesAgain, bytes("orbit 1150, reprocessed"), station);

        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(second.get("productKey").asString()).isEqualTo("orbit:1150");
        assertThat(fileNames(ingest.get("/granules?esdt=OMTO3&orbitFrom=1150&orbitTo=1150"))).containsExactly(older, newer);
        assertThat(json(ingest.get("/granules/" + first.get("id").asLong()).body()).get("state").asString()).isEqualTo("archived");
        assertThat(identical.statusCode()).as("the product's newest version has this content already").isEqualTo(200);
        assertThat(json(identical.body()).get("id").asLong()).isEqualTo(second.get("id").asLong());
    }

    @Test
    void skipAndRejectJudgeTheProductNotTheFileName() throws Exception {
        String catalogue = """
                {"esdts": [
                  {"shortName": "CATSKIP", "collectionVersion": 1, "processingLevel": "3", "description": "skips duplicates",
                   "fileNamePattern": "CATSKIP_{start:yyyyMMdd}_{production:yyyyMMddHHmmss}.nc", "timeUnit": "DAY", "duplicatePolicy": "SKIP"},
                  {"shortName": "CATREJECT", "collectionVersion": 1, "processingLevel": "3", "description": "rejects duplicates",
                   "fileNamePattern": "CATREJECT_{start:yyyyMMdd}_{production:yyyyMMddHHmmss}.nc", "timeUnit": "DAY", "duplicatePolicy": "REJECT"}]}""";
        assertThat(ingest.post("/esdts", catalogue, ingest.adminToken()).statusCode()).isEqualTo(200);
        long kept = json(ingest.push("CATSKIP_20041001_20050101000000.nc", bytes("first"), station).body()).get("id").asLong();
        assertThat(ingest.push("CATREJECT_20041001_20050101000000.nc", bytes("first"), station).statusCode()).isEqualTo(201);

        HttpResponse<String> skipped = ingest.push("CATSKIP_20041001_20060101000000.nc", bytes("second"), station);
        HttpResponse<String> rejected = ingest.push("CATREJECT_20041001_20060101000000.nc", bytes("second"), station);
        HttpResponse<String> anotherDay = ingest.push("CATREJECT_20041002_20060101000000.nc", bytes("second"), station);

        assertThat(skipped.statusCode()).isEqualTo(200);
        assertThat(json(skipped.body()).get("id").asLong()).as("the first stays").isEqualTo(kept);
        assertThat(rejected.statusCode()).isEqualTo(409);
        assertThat(rejected.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(rejected.body()).contains("CATREJECT collection 1 start:2004-10-01T00:00:00Z").contains("rejects duplicates");
        assertThat(anotherDay.statusCode()).as("another product").isEqualTo(201);
        assertThat(granules("CATSKIP")).isEqualTo(1);
        assertThat(granules("CATREJECT")).isEqualTo(2);
    }

    @Test
    void concurrentPushesOfOneFileMakeOneGranuleOfTheProduct() throws Exception {
        String name = "OMI-Aura_L3-OMTO3e_2004m1007_v003-2012m0409t101417.he5";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> pushes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pushes.add(pool.submit((Callable<HttpResponse<String>>) () -> ingest.push(name, bytes("day seven"), station)));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> push : pushes) {
            statuses.add(push.get().statusCode());
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(productVersions("OMTO3e", "start:2004-10-07T00:00:00Z")).isEqualTo(1);
    }

    @Test
    void thePartsOfALevel1bOrbitAreProductsOfTheirOwn() throws Exception {
        JsonNode first = json(ingest.push("OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-2011m0120t180527-p1.he4", bytes("part 1"),
                station).body());
        JsonNode second = json(ingest.push("OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-2011m0120t180527-p2.he4", bytes("part 2"),
                station).body());

        assertThat(List.of(first.get("part").asInt(), second.get("part").asInt())).containsExactly(1, 2);
        assertThat(List.of(first.get("version").asInt(), second.get("version").asInt())).containsExactly(1, 1);
        assertThat(List.of(first.get("productKey").asString(), second.get("productKey").asString())).containsOnly("orbit:1132");
    }

    /**
     * EDOS names give no times: a level 0 file pushed before its PDR is catalogued by its name,
     * and takes the PDR's times when the PDR settles it, announced by a {@code granule-updated}
     * event written in the same transaction; one pushed after its PDR has them from the start.
     */
    @Test
    void aLevel0FilePushedBeforeItsPdrTakesThePdrsTimesAndSubscribersLearnThem() throws Exception {
        String early = "P2041840AAAAAAAAAAAAAA04280021530001.PDS";
        String late = "P2041840AAAAAAAAAAAAAA04280021530000.PDS";
        byte[] earlyContent = bytes("level 0 data, session 2004-10-06");
        byte[] lateContent = bytes("construction record, session 2004-10-06");
        JsonNode pushedEarly = json(ingest.push(early, earlyContent, station).body());
        assertThat(pushedEarly.get("startTime").isNull()).isTrue();
        assertThat(pushedEarly.get("productKey").asString()).isEqualTo("file:" + early);
        String pdr = pdr("OML0V", "2004-10-06T02:15:30Z", "2004-10-06T04:15:30Z", fileSpec(early, earlyContent), fileSpec(late, lateContent));

        HttpResponse<String> posted = ingest.postBytes("/pdrs/EDOS-2004280.PDR", pdr.getBytes(StandardCharsets.UTF_8), station);
        JsonNode pushedLate = json(ingest.push(late, lateContent, station).body());

        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        JsonNode settled = json(ingest.get("/granules/" + pushedEarly.get("id").asLong()).body());
        assertThat(settled.get("startTime").asString()).isEqualTo("2004-10-06T02:15:30Z");
        assertThat(settled.get("endTime").asString()).isEqualTo("2004-10-06T04:15:30Z");
        assertThat(fileNames(ingest.get("/granules?esdt=OML0V&from=2004-10-06T03:00:00Z&to=2004-10-06T03:01:00Z"))).containsExactly(early, late);
        assertThat(pushedLate.get("productKey").asString()).isEqualTo("start:2004-10-06T02:15:30Z");
        assertThat(pushedLate.get("part").asInt()).isZero();
        List<String> events = ingest.sql().sql("SELECT event_type FROM outbox_event WHERE granule_id = ? ORDER BY id")
                .param(pushedEarly.get("id").asLong()).query(String.class).list();
        assertThat(events).containsExactly("granule-archived", "granule-updated");
        JsonNode updated = json(ingest.sql().sql("SELECT payload::text FROM outbox_event WHERE granule_id = ? AND event_type = 'granule-updated'")
                .param(pushedEarly.get("id").asLong()).query(String.class).single());
        assertThat(updated.get("type").asString()).isEqualTo("granule-updated");
        assertThat(updated.get("granule").get("id").asLong()).isEqualTo(pushedEarly.get("id").asLong());
        assertThat(updated.get("granule").get("startTime").asString()).isEqualTo("2004-10-06T02:15:30Z");
        assertThat(updated.get("granule").get("sha256").asString()).isEqualTo(settled.get("sha256").asString());
        assertThat(updated.get("granule").propertyNames()).containsExactlyInAnyOrderElementsOf(settled.propertyNames());
        JsonNode archived = json(ingest.sql().sql("SELECT payload::text FROM outbox_event WHERE granule_id = ? AND event_type = 'granule-archived'")
                .param(pushedLate.get("id").asLong()).query(String.class).single()).get("granule");
        assertThat(archived.get("productKey").asString()).isEqualTo("start:2004-10-06T02:15:30Z");
        assertThat(archived.get("part").asInt()).isZero();
        assertThat(archived.propertyNames()).containsExactlyInAnyOrderElementsOf(settled.propertyNames());
    }

    @Test
    void aPdrIsFoundByItsNameAndByItsId() throws Exception {
        String name = "OMI-Aura_L2-OMTO3_2004m1003t1200-o01170_v003-2012m0405t174311.he5";
        byte[] content = bytes("orbit 1170");
        long id = json(ingest.postBytes("/pdrs/SVALBARD-2004-10-03.PDR", pdr("OMTO3", "2004-10-03T12:00:00Z", "2004-10-03T13:39:00Z",
                fileSpec(name, content)).getBytes(StandardCharsets.UTF_8), station).body()).get("id").asLong();
        assertThat(ingest.get("/pdrs/SVALBARD-2004-10-03.PDR/pan").statusCode()).as("no PAN while the file is awaited").isEqualTo(409);
        ingest.push(name, content, station);

        HttpResponse<String> byName = ingest.get("/pdrs/SVALBARD-2004-10-03.PDR");
        HttpResponse<String> panByName = ingest.get("/pdrs/SVALBARD-2004-10-03.PDR/pan");

        assertThat(byName.statusCode()).as(byName.body()).isEqualTo(200);
        assertThat(json(byName.body()).get("id").asLong()).isEqualTo(id);
        assertThat(json(byName.body()).get("state").asString()).isEqualTo("complete");
        assertThat(panByName.statusCode()).isEqualTo(200);
        assertThat(panByName.body()).contains("MESSAGE_TYPE = SHORTPAN").isEqualTo(ingest.get("/pdrs/" + id + "/pan").body());
        assertThat(ingest.get("/pdrs/NO-SUCH.PDR").statusCode()).isEqualTo(404);
    }

    @Test
    void aPdrNameTwoStationsUsedNamesTheNewestDelivery() throws Exception {
        String otherStation = ingest.token("station", "Poker Flat ground station");
        String first = "OMI-Aura_L2-OMTO3_2004m1004t0000-o01180_v003-2012m0405t174311.he5";
        String second = "OMI-Aura_L2-OMTO3_2004m1004t0139-o01181_v003-2012m0405t174311.he5";
        long svalbard = json(ingest.postBytes("/pdrs/DAILY.PDR", pdr("OMTO3", "2004-10-04T00:00:00Z", "2004-10-04T01:39:00Z",
                fileSpec(first, bytes("orbit 1180"))).getBytes(StandardCharsets.UTF_8), station).body()).get("id").asLong();
        long pokerFlat = json(ingest.postBytes("/pdrs/DAILY.PDR", pdr("OMTO3", "2004-10-04T01:39:00Z", "2004-10-04T03:18:00Z",
                fileSpec(second, bytes("orbit 1181"))).getBytes(StandardCharsets.UTF_8), otherStation).body()).get("id").asLong();

        JsonNode byName = json(ingest.get("/pdrs/DAILY.PDR").body());

        assertThat(pokerFlat).isGreaterThan(svalbard);
        assertThat(byName.get("id").asLong()).isEqualTo(pokerFlat);
        assertThat(byName.get("station").asString()).isEqualTo("Poker Flat ground station");
        assertThat(json(ingest.get("/pdrs/" + svalbard).body()).get("station").asString()).isEqualTo("Svalbard ground station");
    }

    private static String pdr(String dataType, String beginning, String ending, String... fileSpecs) {
        return "ORIGINATING_SYSTEM = SVALBARD;\nTOTAL_FILE_COUNT = " + fileSpecs.length + ";\nEXPIRATION_TIME = 2030-01-01T00:00:00Z;\n"
                + "OBJECT = FILE_GROUP;\n  DATA_TYPE = " + dataType + ";\n  NODE_NAME = svalbard.example;\n"
                + "  BEGINNING_DATE/TIME = " + beginning + ";\n  ENDING_DATE/TIME = " + ending + ";\n"
                + String.join("", fileSpecs) + "END_OBJECT = FILE_GROUP;\n";
    }

    private static String fileSpec(String name, byte[] content) throws Exception {
        return "  OBJECT = FILE_SPEC;\n    DIRECTORY_ID = /outgoing;\n    FILE_ID = " + name + ";\n    FILE_TYPE = SCIENCE;\n"
                + "    FILE_SIZE = " + content.length + ";\n    FILE_CKSUM_TYPE = MD5;\n"
                + "    FILE_CKSUM_VALUE = " + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content))
                + ";\n  END_OBJECT = FILE_SPEC;\n";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<Integer> collections(JsonNode esdts, String shortName) {
        List<Integer> collections = new ArrayList<>();
        esdts.forEach(esdt -> {
            if (esdt.get("shortName").asString().equals(shortName)) {
                collections.add(esdt.get("collectionVersion").asInt());
            }
        });
        return collections;
    }

    private static List<String> fileNames(HttpResponse<String> page) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json(page.body()).get("items").forEach(granule -> names.add(granule.get("fileName").asString()));
        return names;
    }

    private long productVersions(String esdt, String productKey) {
        return ingest.sql().sql("SELECT count(*) FROM granule WHERE esdt = ? AND product_key = ?").params(esdt, productKey)
                .query(Long.class).single();
    }

    private long granules(String esdt) {
        return ingest.sql().sql("SELECT count(*) FROM granule WHERE esdt = ?").param(esdt).query(Long.class).single();
    }
}
