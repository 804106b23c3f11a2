package org.granary.ops.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one OMI day with their real naming: Aura flies about 14.6 orbits a day (98.9
 * minutes each), and for every orbit the level 1B radiances and the level 2 products appear;
 * the level 3 daily grids close the day. 2004-10-01 starts with orbit 1132 at 00:03.
 */
final class OmiDay {
    static final Instant FIRST_ORBIT_START = Instant.parse("2004-10-01T00:03:00Z");
    static final int FIRST_ORBIT = 1132;
    static final Duration ORBIT = Duration.ofSeconds(98 * 60 + 54);
    static final List<String> LEVEL_1B = List.of("OML1BRUG", "OML1BRVG");
    static final List<String> LEVEL_2 = List.of("OMTO3", "OMDOAO3", "OMNO2", "OMCLDRR", "OMSO2", "OMAERUV");
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy'm'MMdd't'HHmm").withZone(ZoneOffset.UTC);
    private static final String PRODUCED = "2012m0405t174311";

    private OmiDay() {
    }

    /** One file: its ESDT, name, and the orbit's time range (for the PDR). */
    record DemoFile(String esdt, String name, Instant begin, Instant end) {
    }

    /** The files of one orbit of the day, level 1B then level 2. */
    static List<DemoFile> orbit(int index) {
        int orbit = FIRST_ORBIT + index;
        Instant begin = FIRST_ORBIT_START.plus(ORBIT.multipliedBy(index));
        Instant end = begin.plus(ORBIT);
        String start = START.format(begin);
        List<DemoFile> files = new ArrayList<>();
        for (String esdt : LEVEL_1B) {
            files.add(new DemoFile(esdt, "OMI-Aura_L1-" + esdt + "_" + start + "-o" + String.format("%05d", orbit) + "_v003-" + PRODUCED + ".he4", begin, end));
        }
        for (String esdt : LEVEL_2) {
            files.add(new DemoFile(esdt, "OMI-Aura_L2-" + esdt + "_" + start + "-o" + String.format("%05d", orbit) + "_v003-" + PRODUCED + ".he5", begin, end));
        }
        return files;
    }

    static int orbitsOfTheDay() {
        Instant dayEnd = Instant.parse("2004-10-02T00:00:00Z");
        return (int) (Duration.between(FIRST_ORBIT_START, dayEnd).toSeconds() / ORBIT.toSeconds()) + 1;
    }

    /** The level 3 daily grids of the day. */
    static List<DemoFile> daily() {
        Instant day = Instant.parse("2004-10-01T00:00:00Z");
        return List.of("OMTO3d", "OMTO3e").stream()
                .map(esdt -> new DemoFile(esdt, "OMI-Aura_L3-" + esdt + "_2004m1001_v003-" + PRODUCED + ".he5", day, day.plus(Duration.ofDays(1))))
                .toList();
    }
}
