package org.granary.ingest.esdt;

import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of the ESDT catalogue: {@code {"esdts": [{"shortName": ..., ...}]}}. Kept apart
 * from {@link Esdt} so that the domain record needs no Jackson annotations and every value is
 * checked with a message naming the ESDT.
 */
record CatalogFile(List<Entry> esdts) {
    /** One ESDT; retention is an ISO-8601 period such as "P10Y", absent for ever. */
    record Entry(String shortName, Integer collectionVersion, String processingLevel, String description,
                 String fileNamePattern, TimeUnit timeUnit, DuplicatePolicy duplicatePolicy, String retention) {
        Esdt toEsdt() {
            String name = shortName == null ? "an ESDT without shortName" : shortName;
            if (collectionVersion == null) {
                throw new IllegalArgumentException(name + ": collectionVersion is missing");
            }
            if (fileNamePattern == null) {
                throw new IllegalArgumentException(name + ": fileNamePattern is missing");
            }
            return new Esdt(shortName, collectionVersion, processingLevel, description, FileNamePattern.compile(fileNamePattern),
                    timeUnit, duplicatePolicy, period(name));
        }

        private Period period(String name) {
            try {
                return retention == null ? null : Period.parse(retention);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + ": retention '" + retention + "' is not an ISO-8601 period such as P10Y", e);
            }
        }
    }

    List<Esdt> toEsdts() {
        if (esdts == null) {
            throw new IllegalArgumentException("the catalogue has no \"esdts\" list");
        }
        List<Esdt> converted = new ArrayList<>();
        for (Entry entry : esdts) {
            try {
                converted.add(entry.toEsdt());
            } catch (NullPointerException e) {
                // The compact constructor names the missing field; add which ESDT it was.
                throw new IllegalArgumentException((entry.shortName() == null ? "ESDT #" + (converted.size() + 1) : entry.shortName())
                        + ": " + e.getMessage(), e);
            }
        }
        return converted;
    }
}
