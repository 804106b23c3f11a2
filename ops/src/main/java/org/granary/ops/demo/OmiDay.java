package org.granary.ops.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one OMI day that a ground station delivers, with their real naming: Aura flies
 * about 14.6 orbits a day (98 min 53 s each, the planner's and ingest's orbit period), and for
 * every orbit the level 0 data arrives (an EDOS construction record and data file, whose times
 * only the PDR gives). 2004-10-01 starts with orbit 1132 at 00:03. The planner makes level 1B
 * UV radiances ({@code OML1BRUG}), level 2 total ozone ({@code OMTO3}) and its daily grid
 * ({@code OMTO3d}) from them with the demo PGEs; the other level 1B, level 2 and level 3 products
 * have no demo PGE and are delivered as they are.
 */
final class OmiDay {
    static final Instant DAY = Instant.parse("2004-10-01T00:00:00Z");
    static final Instant FIRST_ORBIT_START = Instant.parse("2004-10-01T00:03:00Z");
    static final int FIRST_ORBIT = 1132;
    static final Duration ORBIT = Duration.ofSeconds(98 * 60 + 53);
    static final List<String> LEVEL_1B = List.of("OML1BRVG");
    static final List<String> LEVEL_2 = List.of("OMDOAO3", "OMNO2", "OMCLDRR", "OMSO2", "OMAERUV");
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy'm'MMdd't'HHmm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EDOS_SESSION = DateTimeFormatter.ofPattern("yyDDDHHmmss").withZone(ZoneOffset.UTC);
    private static final String PRODUCED = "2012m0405t174311";

    private OmiDay() {
    }

    /** One file: its ESDT, name, and the time range its PDR gives. */
    record DemoFile(String esdt, String name, Instant begin, Instant end) {
    }

    /** The files of one orbit of the day: level 0, then level 1B and level 2. */
    static List<DemoFile> orbit(int index) {
        int orbit = FIRST_ORBIT + index;
        Instant begin = FIRST_ORBIT_START.plus(ORBIT.multipliedBy(index));
        Instant end = begin.plus(ORBIT);
        String start = START.format(begin);
        List<DemoFile> files = new ArrayList<>(level0(begin, end));
        for (String esdt : LEVEL_1B) {
            files.add(new DemoFile(esdt, "OMI-Aura_L1-" + esdt + "_" + start + "-o" + String.format("%05d", orbit) + "_v003-" + PRODUCED + ".he4", begin, end));
        }
        for (String esdt : LEVEL_2) {
            files.add(new DemoFile(esdt, "OMI-Aura_L2-" + esdt + "_" + start + "-o" + String.format("%05d", orbit) + "_v003-" + PRODUCED + ".he5", begin, end));
        }
        return files;
    }

    /**
     * The EDOS session of one orbit: construction record (part 00) and data (part 01), named by the
     * session's start. It ends a second before the next orbit begins: the planner counts a
     * granule ending exactly at an orbit's start as overlapping that orbit too.
     */
    private static List<DemoFile> level0(Instant begin, Instant end) {
        String session = "P2041840AAAAAAAAAAAAAA" + EDOS_SESSION.format(begin) + "0";
        Instant last = end.minusSeconds(1);
        return List.of(new DemoFile("OML0V", session + "00.PDS", begin, last), new DemoFile("OML0V", session + "01.PDS", begin, last));
    }

    static int orbitsOfTheDay() {
        Instant dayEnd = DAY.plus(Duration.ofDays(1));
        return (int) (Duration.between(FIRST_ORBIT_START, dayEnd).toSeconds() / ORBIT.toSeconds()) + 1;
    }

    /** The level 3 daily grids of the day that no demo PGE makes. */
    static List<DemoFile> daily() {
        return List.of("OMTO3e").stream()
                .map(esdt -> new DemoFile(esdt, "OMI-Aura_L3-" + esdt + "_2004m1001_v003-" + PRODUCED + ".he5", DAY, DAY.plus(Duration.ofDays(1))))
                .toList();
    }
}
