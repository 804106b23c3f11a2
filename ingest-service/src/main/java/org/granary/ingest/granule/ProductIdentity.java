package org.granary.ingest.granule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * Which product a granule is, whatever its file is called: its ESDT, collection, orbit (else
 * start time, else, for level 0 data whose times no PDR has given yet, its file name) and part.
 * Reprocessing makes new files of a product (the production time in the name changes); duplicate
 * policies and versions work on this identity, and concurrent pushes of one product race on it.
 *
 * @param key {@code orbit:1132}, {@code start:2004-10-01T00:00:00Z} (UTC; microseconds only when
 *     not zero) or {@code file:<name>}; patch 0007 writes existing granules' keys the same way
 * @param part which file of a product delivered in several this is; null for a product of one file
 */
public record ProductIdentity(String esdt, int collection, String key, Integer part) {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROSECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    public ProductIdentity {
        requireNonNull(esdt, "esdt is null");
        requireNonNull(key, "key is null");
    }

    /** The identity of a granule with these fields; {@code start} as the database keeps it, to the microsecond. */
    public static ProductIdentity of(String esdt, int collection, Integer orbit, Instant start, Integer part, String fileName) {
        requireNonNull(fileName, "fileName is null");
        String key = orbit != null ? "orbit:" + orbit : start != null ? "start:" + time(start) : "file:" + fileName;
        return new ProductIdentity(esdt, collection, key, part);
    }

    private static String time(Instant start) {
        Instant stored = start.truncatedTo(ChronoUnit.MICROS);
        return (stored.equals(stored.truncatedTo(ChronoUnit.SECONDS)) ? SECONDS : MICROSECONDS).format(stored);
    }

    @Override
    public String toString() {
        return esdt + " collection " + collection + " " + key + (part == null ? "" : " part " + part);
    }
}
