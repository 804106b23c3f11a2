package org.granary.ingest.esdt;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A time as a file name writes it, in java.time's pattern letters: {@code yyyy'm'MMdd't'HHmm} for
 * OMI, {@code yyDDDHHmmss} for EDOS. Only fixed-width numeric fields are allowed (yyyy, yy, MM, dd,
 * DDD, HH, mm, ss), so that the layout turns into a regex of digits; text in single quotes and
 * punctuation are literal. Times are UTC.
 */
final class TimeLayout {
    private static final Set<String> FIELDS = Set.of("yyyy", "yy", "MM", "dd", "DDD", "HH", "mm", "ss");

    private final String layout;
    private final String regex;
    private final DateTimeFormatter formatter;
    private final boolean dateOnly;

    private TimeLayout(String layout, String regex, Set<Character> letters) {
        this.layout = layout;
        this.regex = regex;
        // 'u' is the proleptic year; a strict resolver would want an era alongside the year-of-era 'y'.
        this.formatter = DateTimeFormatter.ofPattern(yearsAsProleptic(layout)).withResolverStyle(ResolverStyle.STRICT);
        this.dateOnly = !letters.contains('H');
    }

    static TimeLayout of(String layout) {
        StringBuilder regex = new StringBuilder();
        Set<Character> letters = new HashSet<>();
        int i = 0;
        while (i < layout.length()) {
            char character = layout.charAt(i);
            if (character == '\'') {
                int close = layout.indexOf('\'', i + 1);
                if (close <= i + 1) {
                    throw new IllegalArgumentException("time layout '" + layout + "' has an empty or unclosed quote");
                }
                regex.append(Pattern.quote(layout.substring(i + 1, close)));
                i = close + 1;
            } else if (Character.isLetter(character)) {
                int end = runEnd(layout, i);
                String field = layout.substring(i, end);
                if (!FIELDS.contains(field)) {
                    throw new IllegalArgumentException("time layout '" + layout + "' has '" + field
                            + "'; use yyyy, yy, MM, dd, DDD, HH, mm, ss and quote literal letters");
                }
                if (!letters.add(character)) {
                    throw new IllegalArgumentException("time layout '" + layout + "' has '" + character + "' twice");
                }
                regex.append("\\d{").append(field.length()).append('}');
                i = end;
            } else {
                regex.append(Pattern.quote(String.valueOf(character)));
                i++;
            }
        }
        requireComplete(layout, letters);
        return new TimeLayout(layout, regex.toString(), letters);
    }

    String regex() {
        return regex;
    }

    /** True if the layout names a day but no time of day. */
    boolean dateOnly() {
        return dateOnly;
    }

    /** The instant the text names; a date-only layout gives the start of that day. Throws DateTimeException. */
    Instant instant(String text) {
        TemporalAccessor parsed = formatter.parse(text);
        LocalDate date = parsed.query(TemporalQueries.localDate());
        LocalTime time = parsed.query(TemporalQueries.localTime());
        return date.atTime(time == null ? LocalTime.MIDNIGHT : time).toInstant(ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return layout;
    }

    private static void requireComplete(String layout, Set<Character> letters) {
        boolean calendarDate = letters.contains('M') && letters.contains('d');
        boolean dayOfYear = letters.contains('D');
        if (!letters.contains('y') || calendarDate == dayOfYear || (!calendarDate && (letters.contains('M') || letters.contains('d')))) {
            throw new IllegalArgumentException("time layout '" + layout + "' must name a year and either MM and dd or DDD");
        }
        if ((letters.contains('m') && !letters.contains('H')) || (letters.contains('s') && !letters.contains('m'))) {
            throw new IllegalArgumentException("time layout '" + layout + "' has minutes without hours or seconds without minutes");
        }
    }

    private static int runEnd(String text, int start) {
        int end = start;
        while (end < text.length() && text.charAt(end) == text.charAt(start)) {
            end++;
        }
        return end;
    }

    private static String yearsAsProleptic(String layout) {
        StringBuilder converted = new StringBuilder(layout.length());
        boolean quoted = false;
        for (int index = 0; index < layout.length(); index++) {
            char character = layout.charAt(index);
            quoted ^= character == '\'';
            converted.append(!quoted && character == 'y' ? 'u' : character);
        }
        return converted.toString();
    }
}
