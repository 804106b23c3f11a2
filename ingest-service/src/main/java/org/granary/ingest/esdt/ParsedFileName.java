package org.granary.ingest.esdt;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * What a file name says about its granule. The collection is the ESDT's when the name does not
 * carry one. The start is null only for level 0 data, whose times come from the PDR; end, orbit,
 * production time and part are null when the name does not carry them.
 *
 * @param part which file of a granule delivered in several files (OMI level 1B "-p1"; EDOS: 0 is the construction record)
 */
public record ParsedFileName(String shortName, int collection, Instant start, Instant end, Integer orbit,
                             Instant productionTime, Integer part) {
    public ParsedFileName {
        requireNonNull(shortName, "shortName is null");
        if (collection < 0) {
            throw new IllegalArgumentException("collection must not be negative: " + collection);
        }
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
        if (start == null && end != null) {
            throw new IllegalArgumentException("an end needs a start");
        }
    }
}
