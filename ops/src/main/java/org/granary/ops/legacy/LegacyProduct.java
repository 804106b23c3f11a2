package org.granary.ops.legacy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An OMI product type the legacy system holds, of collection 3, named as ingest's ESDT catalogue
 * ({@code ingest-service/src/main/resources/esdt/omi-catalog.json}) expects, so that every row the
 * demo or the writer makes maps to a known ESDT and a name that follows its pattern.
 *
 * @param shortName the ESDT, as in {@code esdt_code} before the '.'
 * @param level the level in the name: {@code L1}, {@code L2} (one file an orbit) or {@code L3} (one a day)
 * @param extension {@code he4} or {@code he5}
 */
record LegacyProduct(String shortName, String level, String extension) {
    static final int COLLECTION = 3;
    /** The first orbit after the demo's day (2004-10-01, orbits 1132 to 1146), which ingest has and the legacy side does not. */
    static final int FIRST_ORBIT = 1147;
    static final Duration ORBIT = Duration.ofSeconds(98 * 60 + 53);
    private static final int DEMO_DAY_FIRST_ORBIT = 1132;
    private static final Instant DEMO_DAY_FIRST_ORBIT_START = Instant.parse("2004-10-01T00:03:00Z");
    /** Forward processing made a product this long after its orbit began. */
    static final Duration PROCESSING_DELAY = Duration.ofHours(3);

    static final List<LegacyProduct> LEVEL_1B = List.of(new LegacyProduct("OML1BRUG", "L1", "he4"), new LegacyProduct("OML1BRVG", "L1", "he4"));
    static final List<LegacyProduct> LEVEL_2 = List.of("OMTO3", "OMDOAO3", "OMNO2", "OMCLDRR", "OMSO2", "OMAERUV").stream()
            .map(name -> new LegacyProduct(name, "L2", "he5")).toList();
    /** One file an orbit: level 1B, then level 2 (whose lineage is the orbit's level 1B files). */
    static final List<LegacyProduct> ORBITAL = java.util.stream.Stream.concat(LEVEL_1B.stream(), LEVEL_2.stream()).toList();
    static final List<LegacyProduct> DAILY = List.of(new LegacyProduct("OMTO3d", "L3", "he5"), new LegacyProduct("OMTO3e", "L3", "he5"));

    private static final DateTimeFormatter ORBIT_START = DateTimeFormatter.ofPattern("yyyy'm'MMdd't'HHmm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PRODUCTION = DateTimeFormatter.ofPattern("yyyy'm'MMdd't'HHmmss").withZone(ZoneOffset.UTC);

    LegacyProduct {
        requireNonNull(shortName, "shortName is null");
        requireNonNull(level, "level is null");
        requireNonNull(extension, "extension is null");
    }

    /** {@code OMTO3.003}: the legacy system's one code for type and collection. */
    String esdtCode() {
        return shortName + "." + String.format("%03d", COLLECTION);
    }

    boolean levelTwo() {
        return level.equals("L2");
    }

    /** When an orbit began: Aura's orbits of 98 min 53 s counted from the demo day's first one. */
    static Instant orbitStart(long orbit) {
        return DEMO_DAY_FIRST_ORBIT_START.plus(ORBIT.multipliedBy(orbit - DEMO_DAY_FIRST_ORBIT));
    }

    /** {@code OMI-Aura_L2-OMTO3_2004m1002t0010-o01147_v003-2004m1002t031000.he5}. */
    String orbitFileName(long orbit, Instant production) {
        return "OMI-Aura_" + level + "-" + shortName + "_" + ORBIT_START.format(orbitStart(orbit)) + "-o" + String.format("%05d", orbit)
                + "_v" + String.format("%03d", COLLECTION) + "-" + PRODUCTION.format(production) + "." + extension;
    }

    /** Where the old archive kept a file: by type, year and day of year. */
    static String archivePath(LegacyProduct product, Instant start, String fileName) {
        return "/archive/omi/" + product.shortName() + "/" + DateTimeFormatter.ofPattern("yyyy/DDD").withZone(ZoneOffset.UTC).format(start)
                + "/" + fileName;
    }
}
