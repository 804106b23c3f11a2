package org.granary.ingest.granule;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What a search may bind into SQL, checked before any statement: PostgreSQL refuses text holding
 * NUL and times beyond its range, and a number too large for its column fails the statement. A
 * search value is refused with a reason ({@link IllegalArgumentException}) that the caller turns
 * into a 400 naming the parameter or field.
 *
 * <ul>
 *   <li>Text: no control characters (U+0000 to U+001F, U+007F to U+009F), none of which a name,
 *       checksum or label holds, and no half of a surrogate pair (not Unicode, so not UTF-8).</li>
 *   <li>Times: ISO-8601 in UTC ({@code 2004-10-01T00:00:00Z}), from year 1 to year 9999.</li>
 *   <li>Whole numbers: decimal digits, within the bounds the caller gives (the column's type or tighter).</li>
 * </ul>
 */
public final class SearchInput {
    /** The earliest time a search takes: the start of year 1. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The first time a search no longer takes: the start of year 10000. */
    public static final Instant BEYOND_LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private SearchInput() {
    }

    /** The text, if it holds no control character and is valid Unicode. */
    public static String text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char character = text.charAt(i);
            if (Character.isISOControl(character)) {
                throw new IllegalArgumentException("control character " + String.format("U+%04X", (int) character) + " at character "
                        + (i + 1) + " is not allowed");
            }
            if (Character.isSurrogate(character) && !pairedSurrogate(text, i)) {
                throw new IllegalArgumentException("half of a surrogate pair at character " + (i + 1) + " is not valid Unicode");
            }
        }
        return text;
    }

    /** A UTC time from year 1 to year 9999, from its ISO-8601 text. */
    public static Instant time(String text) {
        Instant time;
        try {
            time = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + printable(text) + "' is not a UTC time such as 2004-10-01T00:00:00Z");
        }
        return time(time);
    }

    /** The time, if it is from year 1 to year 9999. */
    public static Instant time(Instant time) {
        if (time.isBefore(EARLIEST) || !time.isBefore(BEYOND_LATEST)) {
            throw new IllegalArgumentException(time + " is outside the years 1 to 9999");
        }
        return time;
    }

    /** A whole number from {@code min} to {@code max}, from its decimal text, however many digits the text has. */
    public static long whole(String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(outOfRange(text, min, max));
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(outOfRange(text, min, max));
        }
        return value;
    }

    private static String outOfRange(String text, long min, long max) {
        return "'" + printable(text) + "' is not a whole number from " + min + " to " + max;
    }

    private static boolean pairedSurrogate(String text, int index) {
        char character = text.charAt(index);
        return Character.isHighSurrogate(character) ? index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1))
                : index > 0 && Character.isHighSurrogate(text.charAt(index - 1));
    }

    /** Long values are cut, and control characters written as {@code \\uXXXX}, so that the text can go into a message. */
    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        StringBuilder printable = new StringBuilder(shown.length());
        for (int index = 0; index < shown.length(); index++) {
            char character = shown.charAt(index);
            printable.append(Character.isISOControl(character) ? String.format("\\u%04X", (int) character) : String.valueOf(character));
        }
        return printable.toString();
    }
}
