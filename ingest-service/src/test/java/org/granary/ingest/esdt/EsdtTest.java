package org.granary.ingest.esdt;

import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EsdtTest {
    private static final FileNamePattern OMTO3_PATTERN = FileNamePattern.compile(
            "OMI-Aura_L2-OMTO3_{start:yyyy'm'MMdd't'HHmm}-o{orbit:5+}_v{collection:3}-{production:yyyy'm'MMdd't'HHmmss}.he5");
    private static final FileNamePattern EDOS_PATTERN = FileNamePattern.compile(
            "P2041840AAAAAAAAAAAAAA{production:yyDDDHHmmss}{ignore:1}{part:2}.PDS");
    private static final java.time.Duration ORBIT = java.time.Duration.ofMinutes(98).plusSeconds(53);

    @Test
    void parsesANameIntoWhatItSaysAboutTheGranule() {
        ParsedFileName parsed = omto3(3).parse("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5");

        assertThat(parsed).isEqualTo(new ParsedFileName("OMTO3", 3, Instant.parse("2004-10-01T00:03:00Z"), null, 1132,
                Instant.parse("2012-04-05T17:43:11Z"), null));
    }

    @Test
    void anOrbitGranuleNamedByItsStartAloneEndsOneOrbitLater() {
        Esdt omto3 = omto3(3);
        ParsedFileName parsed = omto3.parse("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5");

        assertThat(omto3.end(parsed, ORBIT)).isEqualTo(Instant.parse("2004-10-01T01:41:53Z"));
    }

    @Test
    void anEndTheNameSaysIsKeptWhateverTheUnit() {
        Esdt daily = new Esdt("OMTO3d", 3, "3", "daily ozone", FileNamePattern.compile(
                "OMI-Aura_L3-OMTO3d_{start:yyyy'm'MMdd}_v{collection:3}-{production:yyyy'm'MMdd't'HHmmss}.he5"),
                TimeUnit.DAY, DuplicatePolicy.NEW_VERSION, null);
        Esdt orbitWithEnd = new Esdt("OMX", 3, "2", "an orbit product naming its end", FileNamePattern.compile(
                "OMX_{start:yyyy'm'MMdd't'HHmm}-{end:yyyy'm'MMdd't'HHmm}-o{orbit:5}.he5"), TimeUnit.ORBIT, DuplicatePolicy.REJECT, null);

        assertThat(daily.end(daily.parse("OMI-Aura_L3-OMTO3d_2004m1001_v003-2012m0405t174311.he5"), ORBIT))
                .isEqualTo(Instant.parse("2004-10-02T00:00:00Z"));
        assertThat(orbitWithEnd.end(orbitWithEnd.parse("OMX_2004m1001t0003-2004m1001t0052-o01132.he5"), ORBIT))
                .isEqualTo(Instant.parse("2004-10-01T00:52:00Z"));
    }

    @Test
    void aGranuleOfNoOrbitWhoseNameSaysNoEndHasNone() {
        Esdt level0 = new Esdt("OML0V", 1, "0", "OMI level 0", EDOS_PATTERN, TimeUnit.GRANULE, DuplicatePolicy.SKIP, null);

        assertThat(level0.end(level0.parse("P2041840AAAAAAAAAAAAAA04275021530000.PDS"), ORBIT)).isNull();
    }

    @Test
    void refusesANameOfAnotherCollection() {
        assertThatThrownBy(() -> omto3(4).parse("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5"))
                .isInstanceOf(FileNameMismatchException.class)
                .hasMessageContaining("does not match OMTO3 pattern")
                .hasMessageEndingWith("the name is of collection 3 but OMTO3 is collection 4");
    }

    @Test
    void refusesPathTricksBeforeLookingAtThePattern() {
        assertThatThrownBy(() -> omto3(3).parse("../OMI-Aura_L2-OMTO3_2004m1001t0003-o01132_v003-2012m0405t174311.he5"))
                .isInstanceOf(UnsafeFileNameException.class);
    }

    @Test
    void levelZeroTakesItsCollectionFromTheEsdtAndLeavesTheTimesToThePdr() {
        Esdt level0 = new Esdt("OML0V", 1, "0", "OMI level 0", EDOS_PATTERN, TimeUnit.GRANULE, DuplicatePolicy.SKIP, null);

        ParsedFileName parsed = level0.parse("P2041840AAAAAAAAAAAAAA04275021530000.PDS");

        assertThat(parsed.collection()).isEqualTo(1);
        assertThat(parsed.start()).isNull();
        assertThat(parsed.part()).isZero();
    }

    @Test
    void onlyLevelZeroMayHaveNoStartInItsNames() {
        assertThatThrownBy(() -> new Esdt("OMX", 3, "1B", "x", EDOS_PATTERN, TimeUnit.ORBIT, DuplicatePolicy.REJECT, null))
                .hasMessage("OMX: the file-name pattern has no {start}; only level 0 data may take its times from the PDR");
    }

    @Test
    void validatesItsFields() {
        assertThatThrownBy(() -> esdt("OM TO3", 3, "2", null)).hasMessageContaining("short name must be");
        assertThatThrownBy(() -> esdt("OMTO3", 0, "2", null)).hasMessageContaining("collection version must be between 1 and 999: 0");
        assertThatThrownBy(() -> esdt("OMTO3", 3, "5", null)).hasMessageContaining("processing level must be one of");
        assertThatThrownBy(() -> esdt("OMTO3", 3, "2", Period.ZERO)).hasMessageContaining("retention must be positive");
        assertThatThrownBy(() -> esdt("OMTO3", 3, "2", Period.ofDays(-1))).hasMessageContaining("retention must be positive");
        assertThatThrownBy(() -> new Esdt("OMTO3", 3, "2", "x", OMTO3_PATTERN, null, DuplicatePolicy.SKIP, null))
                .isInstanceOf(NullPointerException.class).hasMessage("timeUnit is null");
        assertThat(esdt("OMTO3", 3, "2", Period.ofYears(10)).retention()).isEqualTo(Period.ofYears(10));
    }

    private static Esdt omto3(int collection) {
        return esdt("OMTO3", collection, "2", null);
    }

    private static Esdt esdt(String shortName, int collection, String level, Period retention) {
        return new Esdt(shortName, collection, level, "OMI total ozone", OMTO3_PATTERN, TimeUnit.ORBIT, DuplicatePolicy.NEW_VERSION, retention);
    }
}
