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
        Esdt toEsdt(int number) {
            String name = shortName == null ? "ESDT #" + number : shortName;
            require(name, shortName, "shortName");
            require(name, collectionVersion, "collectionVersion");
            require(name, processingLevel, "processingLevel");
            require(name, description, "description");
            require(name, fileNamePattern, "fileNamePattern");
            require(name, timeUnit, "timeUnit");
            require(name, duplicatePolicy, "duplicatePolicy");
            return new Esdt(shortName, collectionVersion, processingLevel, description, FileNamePattern.compile(fileNamePattern),
                    timeUnit, duplicatePolicy, period(name));
        }

        private static void require(String name, Object value, String field) {
            if (value == null) {
                throw new IllegalArgumentException(name + ": " + field + " is missing");
            }
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
            converted.add(entry.toEsdt(converted.size() + 1));
        }
        return converted;
    }
}
