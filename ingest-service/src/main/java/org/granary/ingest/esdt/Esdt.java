package org.granary.ingest.esdt;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An Earth Science Data Type: one product, such as OMTO3 (OMI total ozone, level 2), in one
 * collection version.
 *
 * @param processingLevel "0", "1A", "1B", "2", "2G", "3" or "4"
 * @param retention how long granules are kept; null keeps them for ever
 */
public record Esdt(String shortName, int collectionVersion, String processingLevel, String description,
                   FileNamePattern fileNamePattern, TimeUnit timeUnit, DuplicatePolicy duplicatePolicy, Period retention) {
    private static final Pattern SHORT_NAME = Pattern.compile("[A-Za-z0-9_]{1,80}");
    private static final Set<String> LEVELS = Set.of("0", "1A", "1B", "2", "2G", "3", "4");

    public Esdt {
        requireNonNull(shortName, "shortName is null");
        requireNonNull(processingLevel, "processingLevel is null");
        requireNonNull(description, "description is null");
        requireNonNull(fileNamePattern, "fileNamePattern is null");
        requireNonNull(timeUnit, "timeUnit is null");
        requireNonNull(duplicatePolicy, "duplicatePolicy is null");
        if (!SHORT_NAME.matcher(shortName).matches()) {
            throw new IllegalArgumentException("short name must be 1 to 80 letters, digits or '_': '" + shortName + "'");
        }
        if (collectionVersion < 1 || collectionVersion > 999) {
            throw new IllegalArgumentException(shortName + ": collection version must be between 1 and 999: " + collectionVersion);
        }
        if (!LEVELS.contains(processingLevel)) {
            throw new IllegalArgumentException(shortName + ": processing level must be one of " + LEVELS + ": '" + processingLevel + "'");
        }
        requirePlainText(shortName, description);
        if (!processingLevel.equals("0") && !fileNamePattern.has(PatternField.START)) {
            throw new IllegalArgumentException(shortName
                    + ": the file-name pattern has no {start}; only level 0 data may take its times from the PDR");
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException(shortName + ": retention must be positive, or null for ever: " + retention);
        }
    }

    /** The database cannot store NUL, and other control characters than line breaks and tabs only garble a listing. */
    private static void requirePlainText(String shortName, String description) {
        for (int i = 0; i < description.length(); i++) {
            char character = description.charAt(i);
            if (Character.isISOControl(character) && "\n\r\t".indexOf(character) < 0) {
                throw new IllegalArgumentException(shortName + ": the description contains control character "
                        + String.format("U+%04X", (int) character) + " at character " + (i + 1));
            }
        }
    }

    /**
     * What the file name says about its granule.
     *
     * @throws UnsafeFileNameException if the name could escape its directory
     * @throws FileNameMismatchException if the name does not follow this ESDT's pattern or names another collection
     */
    public ParsedFileName parse(String fileName) {
        FileNames.requireSafe(fileName);
        FileNameFields fields = fileNamePattern.parse(fileName, shortName);
        if (fields.collection() != null && fields.collection() != collectionVersion) {
            throw new FileNameMismatchException(fileName, shortName, fileNamePattern.text(), fileName.length(),
                    "the name is of collection " + fields.collection() + " but " + shortName + " is collection " + collectionVersion);
        }
        return new ParsedFileName(shortName, collectionVersion, fields.start(), fields.end(), fields.orbit(),
                fields.production(), fields.part());
    }

    /**
     * When a granule of this ESDT ends: as its name says, else, for an orbit ESDT (whose names, like
     * OMI's, give only the start), one orbit after its start; null when neither tells.
     */
    public Instant end(ParsedFileName parsed, Duration orbitPeriod) {
        if (parsed.end() != null || parsed.start() == null || timeUnit != TimeUnit.ORBIT) {
            return parsed.end();
        }
        return parsed.start().plus(orbitPeriod);
    }
}
