package org.granary.ingest;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.granary.ingest.RunningIngest.json;

/**
 * Values PostgreSQL cannot take (NUL and other control characters, years beyond its range,
 * numbers beyond their columns' types) are refused at ingest's edge with a 400 problem that names
 * the parameter or field and says why, before any statement; nothing changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private static final String HUGE = "100000000000000000000";

    @TempDir
    static Path home;
    private RunningIngest ingest;
    private List<Long> before;

    @BeforeAll
    void start() throws Exception {
        ingest = RunningIngest.start(home, "bad_input_it");
        HttpResponse<String> pushed = ingest.push("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5",
                "total ozone".getBytes(StandardCharsets.UTF_8), ingest.token("station", "Svalbard ground station"));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        ingest.close();
    }

    @BeforeEach
    void countRows() {
        before = rows();
    }

    @AfterEach
    void nothingChanged() {
        assertThat(rows()).as("granules, events, ESDTs, deliveries").isEqualTo(before);
    }

    static Stream<Arguments> searches() {
        return Stream.of(
                Arguments.of("esdt=%00", "parameter 'esdt': control character U+0000"),
                Arguments.of("esdt=OMTO3&source=Svalbard%01", "parameter 'source': control character U+0001"),
                Arguments.of("from=300000-01-01T00:00:00Z", "parameter 'from': '300000-01-01T00:00:00Z' is not a UTC time"),
                Arguments.of("from=%2B300000-01-01T00:00:00Z", "parameter 'from': +300000-01-01T00:00:00Z is outside the years 1 to 9999"),
                Arguments.of("to=0000-06-01T00:00:00Z", "parameter 'to': 0000-06-01T00:00:00Z is outside the years 1 to 9999"),
                Arguments.of("limit=" + HUGE, "parameter 'limit': '" + HUGE + "' is not a whole number from 1 to 1000"),
                Arguments.of("limit=0", "parameter 'limit': '0' is not a whole number from 1 to 1000"),
                Arguments.of("after=" + HUGE, "parameter 'after': '" + HUGE + "' is not a whole number"),
                Arguments.of("orbitFrom=" + HUGE, "parameter 'orbitFrom': '" + HUGE + "' is not a whole number"),
                Arguments.of("orbitTo=1e3", "parameter 'orbitTo': '1e3' is not a whole number"),
                Arguments.of("collection=99999999999", "parameter 'collection': '99999999999' is not a whole number"));
    }

    @ParameterizedTest
    @MethodSource("searches")
    void aSearchValueTheDatabaseCouldNotTakeIsRefusedNamingTheParameter(String query, String why) throws Exception {
        assertRefused(ingest.get("/granules?" + query), why);
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("{\"where\": {\"field\": \"esdt\", \"op\": \"eq\", \"value\": \"\\u0000\"}}",
                        "field 'esdt' cannot take the value \"\\u0000\": control character U+0000"),
                Arguments.of("{\"where\": {\"field\": \"fileName\", \"op\": \"startsWith\", \"value\": \"OMI\\u0000\"}}",
                        "field 'fileName'"),
                Arguments.of("{\"where\": {\"field\": \"source\", \"op\": \"in\", \"value\": [\"a\", \"b\\u001b\"]}}",
                        "control character U+001B"),
                Arguments.of("{\"where\": {\"field\": \"startTime\", \"op\": \"ge\", \"value\": \"+300000-01-01T00:00:00Z\"}}",
                        "field 'startTime' cannot take the value \"+300000-01-01T00:00:00Z\": +300000-01-01T00:00:00Z is outside the years 1 to 9999"),
                Arguments.of("{\"limit\": " + HUGE + "}", "'limit' is a whole number from 1 to 1000"),
                Arguments.of("{\"where\": {\"field\": \"orbit\", \"op\": \"eq\", \"value\": " + HUGE + "}}",
                        "field 'orbit' cannot take the value " + HUGE + ": a whole number from -2147483648 to 2147483647 is expected"),
                Arguments.of("{\"where\": {\"field\": \"sizeBytes\", \"op\": \"between\", \"value\": [0, " + HUGE + "]}}",
                        "field 'sizeBytes'"),
                Arguments.of("{\"where\": {\"field\": \"id\", \"op\": \"gt\", \"value\": -" + HUGE + "}}", "field 'id'"));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void aJsonQueryValueTheDatabaseCouldNotTakeIsRefusedNamingTheField(String query, String why) throws Exception {
        assertRefused(ingest.post("/granules/query", query, null), why);
    }

    @Test
    void aPdrNameWithAControlCharacterIsRefusedAndDigitsBeyondAnyIdAreAName() throws Exception {
        assertRefused(ingest.get("/pdrs/a%01b"), "no delivery can be named so");
        assertRefused(ingest.get("/pdrs/a%01b/pan"), "no delivery can be named so");
        HttpResponse<String> digits = ingest.get("/pdrs/" + HUGE);
        assertThat(digits.statusCode()).as(digits.body()).isEqualTo(404);
        assertThat(digits.body()).contains("no delivery of a PDR named " + HUGE);
    }

    @Test
    void aCatalogueWithAControlCharacterIsRefusedAndTheRegistryStaysAsItWas() throws Exception {
        String registry = ingest.get("/esdts").body();
        String catalogue = """
                {"esdts": [{"shortName": "OMTO3", "collectionVersion": 3, "processingLevel": "2", "description": "total ozone\\u0000",
                  "fileNamePattern": "OMI-Aura_L2-OMTO3_{start:yyyy'm'MMdd't'HHmm}-o{orbit:5+}_v{collection:3}.he5",
                  "timeUnit": "ORBIT", "duplicatePolicy": "REJECT"}]}""";

        assertRefused(ingest.post("/esdts", catalogue, ingest.adminToken()), "OMTO3: the description contains control character U+0000");
        assertThat(ingest.get("/esdts").body()).isEqualTo(registry);
    }

    @Test
    void valuesWithinTheirBoundsStillSearch() throws Exception {
        HttpResponse<String> found = ingest.get("/granules?esdt=OMTO3&collection=3&from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z"
                + "&orbitFrom=0&orbitTo=2147483647&after=0&limit=1000");
        HttpResponse<String> queried = ingest.post("/granules/query", "{\"where\": {\"and\": [{\"field\": \"orbit\", \"op\": \"le\", "
                + "\"value\": 2147483647}, {\"field\": \"startTime\", \"op\": \"lt\", \"value\": \"9999-12-31T23:59:59Z\"}]}, \"limit\": 1000}",
                null);

        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(json(found.body()).get("items")).hasSize(1);
        assertThat(queried.statusCode()).as(queried.body()).isEqualTo(200);
        assertThat(json(queried.body()).get("items")).hasSize(1);
    }

    private static void assertRefused(HttpResponse<String> answer, String why) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo("invalid-request");
        assertThat(problem.get("detail").asString()).contains(why);
    }

    private List<Long> rows() {
        return Stream.of("granule", "outbox_event", "esdt", "pdr_delivery")
                .map(table -> ingest.sql().sql("SELECT count(*) FROM " + table).query(Long.class).single()).toList();
    }
}
