package org.granary.planner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Small real PGEs for the tests, as bash scripts: each reads its inputs and writes outputs named by
 * the OMI convention, their content a digest of the inputs (so a retried run makes the same bytes).
 */
final class TestPges {
    private TestPges() {
    }

    /** Level 2 total ozone for one orbit: {@code <orbit> <start> <production> <out> <inputs...>}. */
    static Path omto3(Path directory) throws IOException {
        return script(directory, "omto3.sh", """
                orbit=$1 start=$2 production=$3 out=$4; shift 4
                name="OMI-Aura_L2-OMTO3_${start}-o$(printf %05d "$orbit")_v003-${production}.he5"
                { echo "OMTO3 orbit $orbit"; for f in "$@"; do echo "$(basename "$f") $(sha256sum < "$f" | cut -c1-64)"; done; } > "$out/$name"
                echo "made $name from $# inputs"
                """);
    }

    /** A level 2 PGE writing one {@code esdt} file for its orbit after {@code seconds}: {@code <orbit> <start> <production> <out> ...}. */
    static Path level2(Path directory, String esdt, int seconds) throws IOException {
        return script(directory, esdt.toLowerCase(java.util.Locale.ROOT) + "-" + seconds + ".sh", """
                orbit=$1 start=$2 production=$3 out=$4
                sleep %d
                echo "%s orbit $orbit" > "$out/OMI-Aura_L2-%s_${start}-o$(printf %%05d "$orbit")_v003-${production}.he5"
                """.formatted(seconds, esdt, esdt));
    }

    /** An OMI level 2 file name of an ESDT for an orbit. */
    static String level2Name(String esdt, int orbit) {
        return level1b(orbit).replace("L1-OML1BRUG", "L2-" + esdt).replace(".he4", ".he5");
    }

    /** Level 3 daily grid: {@code <day> <production> <out> <inputs...>}. */
    static Path omto3d(Path directory) throws IOException {
        return script(directory, "omto3d.sh", """
                day=$1 production=$2 out=$3; shift 3
                name="OMI-Aura_L3-OMTO3d_${day}_v003-${production}.he5"
                { echo "OMTO3d $day"; for f in "$@"; do echo "$(basename "$f") $(sha256sum < "$f" | cut -c1-64)"; done; } > "$out/$name"
                """);
    }

    /** A PGE that always fails: writes to stderr and exits 3. */
    static Path failing(Path directory) throws IOException {
        return script(directory, "failing.sh", """
                echo "calibration table out of range for orbit $1" >&2
                exit 3
                """);
    }

    static Path script(Path directory, String name, String body) throws IOException {
        Files.createDirectories(directory);
        Path script = directory.resolve(name);
        Files.writeString(script, "#!/usr/bin/env bash\nset -euo pipefail\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The registration of the level 2 PGE reading level 1B radiances of its orbit. */
    static String omto3Registration(Path script, String name, String version) {
        return """
                {"name": "%s", "version": "%s",
                 "command": ["%s", "{orbit}", "{start:yyyy'm'MMdd't'HHmm}", "{production:yyyy'm'MMdd't'HHmmss}", "{outputDirectory}", "{inputs}"],
                 "timeUnit": "orbit",
                 "inputs": [{"esdt": "OML1BRUG", "selection": "overlap", "mandatory": true, "minimumCount": 1, "waitFor": "PT1H"}],
                 "outputs": ["OMTO3"], "cores": 1, "memoryMegabytes": 64, "timeLimit": "PT5M", "maxAttempts": 2}
                """.formatted(name, version, script);
    }

    /** An OMI level 1B file name for an orbit. */
    static String level1b(int orbit) {
        java.time.Instant start = java.time.Instant.parse("2004-10-01T00:03:00Z").plus(java.time.Duration.ofSeconds(5933L * (orbit - 1132)));
        String formatted = java.time.format.DateTimeFormatter.ofPattern("yyyy'm'MMdd't'HHmm").withZone(java.time.ZoneOffset.UTC).format(start);
        return "OMI-Aura_L1-OML1BRUG_" + formatted + "-o" + String.format("%05d", orbit) + "_v003-2012m0405t174311.he4";
    }
}
