package org.granary.ops.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OmiDayTest {
    /** The planner's orbit clock (granary.planner.orbit-reference and orbit-period defaults). */
    private static final Instant ORBIT_1132 = Instant.parse("2004-10-01T00:03:00Z");
    private static final Duration PERIOD = Duration.parse("PT1H38M53S");

    @Test
    void eachOrbitsLevel0LiesWithinThePlannersWindowOfThatOrbitAndOnlyThere() {
        for (int index = 0; index < OmiDay.orbitsOfTheDay(); index++) {
            Instant windowStart = ORBIT_1132.plus(PERIOD.multipliedBy(index));
            Instant nextWindow = windowStart.plus(PERIOD);
            List<OmiDay.DemoFile> level0 = OmiDay.orbit(index).stream().filter(file -> file.esdt().equals("OML0V")).toList();

            assertThat(level0).as("construction record and data of orbit %d", 1132 + index).hasSize(2);
            assertThat(level0).allSatisfy(file -> {
                assertThat(file.begin()).isEqualTo(windowStart);
                assertThat(file.end()).isAfter(windowStart).isBefore(nextWindow);
                assertThat(file.name()).matches("P2041840A{14}\\d{11}00[01]\\.PDS");
            });
        }
    }

    @Test
    void theDayHasFifteenOrbitsAndNoFileTheDemoPgesMake() {
        assertThat(OmiDay.orbitsOfTheDay()).isEqualTo(15);
        assertThat(OmiDay.orbit(0)).extracting(OmiDay.DemoFile::name)
                .contains("P2041840AAAAAAAAAAAAAA04275000300000.PDS", "P2041840AAAAAAAAAAAAAA04275000300001.PDS",
                        "OMI-Aura_L1-OML1BRVG_2004m1001t0003-o01132_v003-2012m0405t174311.he4")
                .noneMatch(name -> name.contains("OML1BRUG") || name.contains("OMTO3"));
        assertThat(OmiDay.daily()).extracting(OmiDay.DemoFile::esdt).containsExactly("OMTO3e");
    }
}
