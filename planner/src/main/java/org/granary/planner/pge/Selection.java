package org.granary.planner.pge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the granules of one input are chosen for a job's time unit. Only the newest version of each
 * product counts.
 */
public enum Selection {
    /** Every granule overlapping the unit; for an orbit job, every granule of that orbit. */
    OVERLAP,
    /** The newest granule starting at or before the unit's start (within {@code before}, when given): calibration, ephemeris. */
    LATEST_BEFORE,
    /** The granule starting closest to the unit's start (within {@code before}/{@code after}, when given). */
    CLOSEST,
    /** Every granule overlapping the unit widened by {@code before} and {@code after}. */
    WINDOW;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Selection fromWireName(String name) {
        return Arrays.stream(values()).filter(selection -> selection.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown selection '" + name + "'; selections are "
                        + Arrays.stream(values()).map(Selection::wireName).collect(Collectors.joining(", "))));
    }

    /** Whether granules of this input arriving make new jobs (the others only complete jobs that exist). */
    public boolean makesJobs() {
        return this == OVERLAP || this == WINDOW;
    }
}
