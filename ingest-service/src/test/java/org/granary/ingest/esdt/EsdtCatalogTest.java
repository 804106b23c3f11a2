package org.granary.ingest.esdt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EsdtCatalogTest {
    private static EsdtCatalog omi;

    @BeforeAll
    static void loadTheOmiCatalogue() throws IOException {
        try (InputStream json = EsdtCatalog.class.getResourceAsStream("/esdt/omi-catalog.json")) {
            omi = EsdtCatalog.load(json);
        }
    }

    @Test
    void theOmiCatalogueHoldsEveryLevel() {
        assertThat(omi.esdts()).extracting(Esdt::shortName).containsExactly("OML0V", "OML1BRUG", "OML1BRVG", "OML1BIRR", "OML1BCAL",
                "OMTO3", "OMDOAO3", "OMNO2", "OMCLDRR", "OMSO2", "OMAERUV", "OMTO3d", "OMTO3e");
        assertThat(omi.esdt("OMTO3d", 3)).get().extracting(Esdt::processingLevel, Esdt::timeUnit).containsExactly("3", TimeUnit.DAY);
        assertThat(omi.esdt("OML1BCAL", 3)).get().extracting(Esdt::retention).isEqualTo(Period.ofYears(5));
        assertThat(omi.esdt("OML0V", 1)).get().extracting(Esdt::duplicatePolicy).isEqualTo(DuplicatePolicy.SKIP);
        assertThat(omi.esdt("OMTO3", 4)).isEmpty();
        assertThat(omi.contains("OMTO3")).isTrue();
        assertThat(omi.contains("MOD021KM")).isFalse();
    }

    @Test
    void readsTheOmiLevel2ExampleExactly() {
        assertThat(omi.parse("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5"))
                .isEqualTo(new ParsedFileName("OMTO3", 3, Instant.parse("2004-10-01T00:03:00Z"), null, 1132,
                        Instant.parse("2012-04-05T17:43:11Z"), null));
    }

    /** A real-looking name for every ESDT of the catalogue, with what it must read as. */
    static Stream<Arguments> samples() {
        return Stream.of(
                sample("P2041840AAAAAAAAAAAAAA04275021530001.PDS",
                        new ParsedFileName("OML0V", 1, null, null, null, Instant.parse("2004-10-01T02:15:30Z"), 1)),
                sample("P2041840AAAAAAAAAAAAAA04275021530000.PDS",
                        new ParsedFileName("OML0V", 1, null, null, null, Instant.parse("2004-10-01T02:15:30Z"), 0)),
                sample("OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-2011m0120t180527-p1.he4",
                        new ParsedFileName("OML1BRUG", 3, Instant.parse("2004-10-01T00:03:00Z"), null, 1132, Instant.parse("2011-01-20T18:05:27Z"), 1)),
                sample("OMI-Aura_L1-OML1BRUG_2016m0401t2215-o62308_v003-2016m0402t041806.he4",
                        new ParsedFileName("OML1BRUG", 3, Instant.parse("2016-04-01T22:15:00Z"), null, 62308, Instant.parse("2016-04-02T04:18:06Z"), null)),
                sample("OMI-Aura_L1-OML1BRVG_2007m0413t1703-o14598_v003-2007m0605t113435.he4",
                        new ParsedFileName("OML1BRVG", 3, Instant.parse("2007-04-13T17:03:00Z"), null, 14598, Instant.parse("2007-06-05T11:34:35Z"), null)),
                sample("OMI-Aura_L1-OML1BIRR_2005m0921t2337-o06316_v003-2007m0417t023751.he4",
                        new ParsedFileName("OML1BIRR", 3, Instant.parse("2005-09-21T23:37:00Z"), null, 6316, Instant.parse("2007-04-17T02:37:51Z"), null)),
                sample("OMI-Aura_L1-OML1BCAL_2004m1001t0003-o01132_v003-2011m0120t180527.he4",
                        new ParsedFileName("OML1BCAL", 3, Instant.parse("2004-10-01T00:03:00Z"), null, 1132, Instant.parse("2011-01-20T18:05:27Z"), null)),
                sample("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5",
                        new ParsedFileName("OMTO3", 3, Instant.parse("2004-10-01T00:03:00Z"), null, 1132, Instant.parse("2012-04-05T17:43:11Z"), null)),
                sample("OMI-Aura_L2-OMDOAO3_2005m0101t0002-o02472_v003-2011m0119t095214.he5",
                        new ParsedFileName("OMDOAO3", 3, Instant.parse("2005-01-01T00:02:00Z"), null, 2472, Instant.parse("2011-01-19T09:52:14Z"), null)),
                sample("OMI-Aura_L2-OMNO2_2016m0401t2215-o62308_v003-2019m0819t154726.he5",
                        new ParsedFileName("OMNO2", 3, Instant.parse("2016-04-01T22:15:00Z"), null, 62308, Instant.parse("2019-08-19T15:47:26Z"), null)),
                sample("OMI-Aura_L2-OMCLDRR_2008m0229t2359-o19539_v003-2020m0101t000000.he5",
                        new ParsedFileName("OMCLDRR", 3, Instant.parse("2008-02-29T23:59:00Z"), null, 19539, Instant.parse("2020-01-01T00:00:00Z"), null)),
                sample("OMI-Aura_L2-OMSO2_2023m0601t1200-o100123_v003-2023m0602t034512.he5",
                        new ParsedFileName("OMSO2", 3, Instant.parse("2023-06-01T12:00:00Z"), null, 100123, Instant.parse("2023-06-02T03:45:12Z"), null)),
                sample("OMI-Aura_L2-OMAERUV_2005m0101t0002-o02472_v003-2017m0710t165326.he5",
                        new ParsedFileName("OMAERUV", 3, Instant.parse("2005-01-01T00:02:00Z"), null, 2472, Instant.parse("2017-07-10T16:53:26Z"), null)),
                sample("OMI-Aura_L3-OMTO3d_2004m1001_v003-2012m0405t174138.he5",
                        new ParsedFileName("OMTO3d", 3, Instant.parse("2004-10-01T00:00:00Z"), Instant.parse("2004-10-02T00:00:00Z"), null, Instant.parse("2012-04-05T17:41:38Z"), null)),
                sample("OMI-Aura_L3-OMTO3e_2004m1001_v003-2012m0409t101417.he5",
                        new ParsedFileName("OMTO3e", 3, Instant.parse("2004-10-01T00:00:00Z"), Instant.parse("2004-10-02T00:00:00Z"), null, Instant.parse("2012-04-09T10:14:17Z"), null)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEsdtOfTheCatalogueReadsARealLookingName(String name, ParsedFileName expected) {
        assertThat(omi.parse(name)).isEqualTo(expected);
    }

    @Test
    void theSamplesCoverEveryEsdtOfTheCatalogue() {
        Set<String> sampled = samples().map(arguments -> ((ParsedFileName) arguments.get()[1]).shortName()).collect(Collectors.toSet());

        assertThat(sampled).containsExactlyInAnyOrderElementsOf(omi.esdts().stream().map(Esdt::shortName).toList());
    }

    private static Arguments sample(String name, ParsedFileName expected) {
        return Arguments.of(name, expected);
    }

    @Test
    void refusesAWrongOrbitWidthNamingThePatternAndThePlace() {
        String name = "OMI-Aura_L2-OMTO3_2004m1001t0003-o1132_v003-2012m0405t174311.he5";

        assertThatThrownBy(() -> omi.parse(name))
                .isInstanceOf(NoMatchingEsdtException.class)
                .hasMessageStartingWith("no ESDT pattern matches '" + name + "'; the closest: '" + name + "' does not match OMTO3 pattern")
                .hasMessageEndingWith("expected orbit (5 or more digits) at character 35, found '1132_v003-2012m0...'")
                .cause().isInstanceOf(FileNameMismatchException.class);
    }

    @Test
    void refusesAnUnknownTypeSayingNoPatternMatched() {
        assertThatThrownBy(() -> omi.parse("MOD021KM.A2004275.0005.061.2017327230032.hdf"))
                .isInstanceOf(NoMatchingEsdtException.class)
                .hasMessageStartingWith("no ESDT pattern matches 'MOD021KM.A2004275.0005.061.2017327230032.hdf'");
        assertThatThrownBy(() -> omi.parse("OMI-Aura_L2-OMBRO_2004m1001t0003-o01132_v003-2012m0405t174311.he5"))
                .isInstanceOf(NoMatchingEsdtException.class)
                .hasMessageContaining("does not match OMTO3 pattern")
                .hasMessageEndingWith("expected 'TO3_' at character 15, found 'BRO_2004m1001t00...'");
    }

    @Test
    void refusesANameOfAnotherCollection() {
        assertThatThrownBy(() -> omi.parse("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v004-2012m0405t174311.he5"))
                .isInstanceOf(NoMatchingEsdtException.class)
                .hasMessageEndingWith("the name is of collection 4 but OMTO3 is collection 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5",
            "OMTO3/../../etc/passwd", "..", "OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5\u0000.txt",
            "..\\OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5"})
    void refusesPathTricks(String name) {
        assertThatThrownBy(() -> omi.parse(name)).isInstanceOf(UnsafeFileNameException.class);
    }

    @Test
    void findsOutANameThatTwoPatternsAccept() {
        EsdtCatalog catalog = new EsdtCatalog(List.of(esdt("AAA", "{start:yyyyMMdd}.nc"), esdt("BBB", "20{start:yyMMdd}.nc")));

        assertThatThrownBy(() -> catalog.parse("20040101.nc")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("matches the patterns of several ESDTs: [AAA collection 1, BBB collection 1]");
    }

    @Test
    void refusesTheSameCollectionOfAShortNameTwice() {
        assertThatThrownBy(() -> new EsdtCatalog(List.of(esdt("AAA", "a{start:yyyyMMdd}"), esdt("AAA", "b{start:yyyyMMdd}"))))
                .hasMessage("ESDT AAA collection 1 appears twice in the catalogue");
    }

    @Test
    void holdsSeveralCollectionsOfAShortNameAndFilesEachNameUnderTheCollectionItCarries() {
        String pattern = "OMI-Aura_L3-OMTO3e_{start:yyyy'm'MMdd}_v{collection:3}-{production:yyyy'm'MMdd't'HHmmss}.he5";
        EsdtCatalog catalog = new EsdtCatalog(List.of(omto3e(2, pattern), omto3e(3, pattern)));

        assertThat(catalog.collections("OMTO3e")).extracting(Esdt::collectionVersion).containsExactly(2, 3);
        assertThat(catalog.collections("OMTO3")).isEmpty();
        assertThat(catalog.contains("OMTO3e")).isTrue();
        assertThat(catalog.parse("OMI-Aura_L3-OMTO3e_2004m1001_v002-2008m0101t000000.he5").collection()).isEqualTo(2);
        assertThat(catalog.parse("OMI-Aura_L3-OMTO3e_2004m1001_v003-2012m0409t101417.he5").collection()).isEqualTo(3);
        assertThatThrownBy(() -> catalog.parse("OMI-Aura_L3-OMTO3e_2004m1001_v004-2020m0101t000000.he5"))
                .isInstanceOf(NoMatchingEsdtException.class).hasMessageContaining("the name is of collection 4");
    }

    @Test
    void findsOutANameThatTwoCollectionsAcceptWhenTheNameCarriesNoCollection() {
        String pattern = "OMTO3e_{start:yyyyMMdd}.he5";
        EsdtCatalog catalog = new EsdtCatalog(List.of(omto3e(2, pattern), omto3e(3, pattern)));

        assertThatThrownBy(() -> catalog.parse("OMTO3e_20041001.he5")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("matches the patterns of several ESDTs: [OMTO3e collection 2, OMTO3e collection 3]");
    }

    private static Esdt omto3e(int collection, String pattern) {
        return new Esdt("OMTO3e", collection, "3", "gridded ozone", FileNamePattern.compile(pattern), TimeUnit.DAY, DuplicatePolicy.REPLACE,
                null);
    }

    @Test
    void anEmptyCatalogueSaysSo() {
        assertThatThrownBy(() -> new EsdtCatalog(List.of()).parse("x.he5")).hasMessage("no ESDT pattern matches 'x.he5': the catalogue is empty");
    }

    @Test
    void loadsAMinimalCatalogueWithRetentionAbsentMeaningForEver() {
        EsdtCatalog catalog = load("""
                {"esdts": [{"shortName": "OMTO3", "collectionVersion": 3, "processingLevel": "2", "description": "total ozone",
                  "fileNamePattern": "OMTO3_{start:yyyyMMdd}.he5", "timeUnit": "DAY", "duplicatePolicy": "REJECT"}]}""");

        assertThat(catalog.esdt("OMTO3", 3)).get().extracting(Esdt::retention).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"esdts\": [{\"shortName\": \"A\", \"retension\": \"P1Y\"}]}|retension",
            "{\"esdts\": [{\"shortName\": \"A\", \"collectionVersion\": 1, \"processingLevel\": \"2\", \"description\": \"d\", \"fileNamePattern\": \"a{start:yyyyMMdd}\", \"timeUnit\": \"WEEK\", \"duplicatePolicy\": \"SKIP\"}]}|WEEK",
            "{\"esdts\": [{\"shortName\": \"A\", \"processingLevel\": \"2\"}]}|A: collectionVersion is missing",
            "{\"esdts\": [{\"shortName\": \"A\", \"collectionVersion\": 1}]}|A: processingLevel is missing",
            "{\"esdts\": [{\"collectionVersion\": 1}]}|ESDT #1: shortName is missing",
            "{\"esdts\": [{\"shortName\": \"A\", \"collectionVersion\": 1, \"fileNamePattern\": \"a{start:yyyyMMdd}\", \"processingLevel\": \"2\", \"description\": \"d\", \"duplicatePolicy\": \"SKIP\"}]}|A: timeUnit is missing",
            "{\"esdts\": [{\"shortName\": \"A\", \"collectionVersion\": 1, \"fileNamePattern\": \"a{start:yyyyMMdd}\", \"processingLevel\": \"2\", \"description\": \"d\", \"timeUnit\": \"DAY\", \"duplicatePolicy\": \"SKIP\", \"retention\": \"ten years\"}]}|A: retention 'ten years' is not an ISO-8601 period",
            "{\"esdts\": [{\"shortName\": \"A\", \"collectionVersion\": 1, \"fileNamePattern\": \"a{begin}\", \"processingLevel\": \"2\", \"description\": \"d\", \"timeUnit\": \"DAY\", \"duplicatePolicy\": \"SKIP\"}]}|unknown field 'begin'",
            "{}|the catalogue has no \"esdts\" list",
            "{\"esdts\": []} {}|not valid",
            "{\"esdts\": [{\"shortName\": \"A\", \"collectionVersion\": 1, \"fileNamePattern\": \"a{start:yyyyMMdd}\", \"processingLevel\": \"2\", \"description\": \"d\\u0000\", \"timeUnit\": \"DAY\", \"duplicatePolicy\": \"SKIP\"}]}|A: the description contains control character U+0000",
            "{\"esdts\": [{\"shortName\": \"A\", \"collectionVersion\": 1, \"fileNamePattern\": \"a\\u0000{start:yyyyMMdd}\", \"processingLevel\": \"2\", \"description\": \"d\", \"timeUnit\": \"DAY\", \"duplicatePolicy\": \"SKIP\"}]}|control character U+0000; no file name holds one",
            "{\"esdts\": [{\"shortName\": \"A\", \"collectionVersion\": 100000000000000000000}]}|not valid",
            "not json|not valid"})
    void refusesABrokenCatalogueSayingWhatIsWrong(String json, String problem) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
    }

    private static EsdtCatalog load(String json) {
        return EsdtCatalog.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Esdt esdt(String shortName, String pattern) {
        return new Esdt(shortName, 1, "3", shortName, FileNamePattern.compile(pattern), TimeUnit.DAY, DuplicatePolicy.REJECT, null);
    }
}
