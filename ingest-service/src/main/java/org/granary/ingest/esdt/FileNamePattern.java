package org.granary.ingest.esdt;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The shape of an ESDT's file names, written as the name itself with placeholders:
 *
 * <pre>OMI-Aura_L2-OMTO3_{start:yyyy'm'MMdd't'HHmm}-o{orbit:5}_v{collection:3}-{production:yyyy'm'MMdd't'HHmmss}.he5</pre>
 *
 * <ul>
 *   <li>Text outside braces and brackets must appear exactly (case matters).</li>
 *   <li>{@code {start:LAYOUT}}, {@code {end:LAYOUT}}, {@code {production:LAYOUT}}: a UTC time in a
 *       {@link TimeLayout layout} of fixed-width fields (yyyy, yy, MM, dd, DDD, HH, mm, ss) with
 *       literal letters in single quotes. A start without hours makes the granule that whole day:
 *       it ends at the next midnight unless an end is given; an end without hours means the end of
 *       that day.</li>
 *   <li>{@code {orbit:5}}, {@code {collection:3}}, {@code {part:1}}: exactly that many digits;
 *       {@code {orbit:5+}}: at least five (up to nine), for numbers zero-padded to a width they may
 *       outgrow; without a width, one to nine digits.</li>
 *   <li>{@code {ignore:N}}: N letters or digits that we do not keep.</li>
 *   <li>{@code [ ... ]}: an optional part, not nested, such as {@code [-p{part}]}.</li>
 * </ul>
 *
 * Braces and brackets cannot appear as literal text: no name we know of uses them. Each field may
 * appear once. The pattern compiles to one anchored regex, literals quoted with {@link Pattern#quote}.
 */
public final class FileNamePattern {
    private static final int SNIPPET = 16;

    private final String text;
    private final List<PatternSegment> segments;
    private final Pattern regex;
    /** The regexes of the first 1, 2, ... segments, to tell how far a name follows the pattern. */
    private final List<Pattern> prefixes;

    private FileNamePattern(String text, List<PatternSegment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
        this.regex = Pattern.compile(regexOf(this.segments));
        // Compiled once: every push is tried against every ESDT's pattern, and compiling these for
        // each pattern a name did not follow was half the cost of recognising it.
        this.prefixes = java.util.stream.IntStream.rangeClosed(1, this.segments.size())
                .mapToObj(count -> Pattern.compile(regexOf(this.segments.subList(0, count)))).toList();
    }

    /** Throws IllegalArgumentException naming the problem if the text is not a valid pattern. */
    public static FileNamePattern compile(String text) {
        requireNonNull(text, "file-name pattern is null");
        return new FileNamePattern(text, PatternParser.parse(text));
    }

    public String text() {
        return text;
    }

    public boolean matches(String fileName) {
        return regex.matcher(fileName).matches();
    }

    /**
     * The fields of a name that follows the pattern.
     *
     * @param owner names the pattern in the error message, such as the ESDT short name; may be null
     * @throws FileNameMismatchException if the name does not follow the pattern or a field holds an impossible time
     */
    public FileNameFields parse(String fileName, String owner) {
        requireNonNull(fileName, "fileName is null");
        Matcher matcher = regex.matcher(fileName);
        if (!matcher.matches()) {
            throw mismatch(fileName, owner);
        }
        Instant start = time(matcher, PatternField.START, owner);
        return new FileNameFields(start, end(matcher, start, owner), number(matcher, PatternField.ORBIT),
                number(matcher, PatternField.COLLECTION), time(matcher, PatternField.PRODUCTION, owner),
                number(matcher, PatternField.PART));
    }

    boolean has(PatternField field) {
        return find(field, segments) != null;
    }

    private Instant end(Matcher matcher, Instant start, String owner) {
        PatternSegment.TimeField end = (PatternSegment.TimeField) find(PatternField.END, segments);
        if (end != null) {
            Instant instant = time(matcher, PatternField.END, owner);
            return instant != null && end.layout().dateOnly() ? instant.plus(Duration.ofDays(1)) : instant;
        }
        PatternSegment.TimeField startField = (PatternSegment.TimeField) find(PatternField.START, segments);
        return startField != null && startField.layout().dateOnly() ? start.plus(Duration.ofDays(1)) : null;
    }

    private Instant time(Matcher matcher, PatternField field, String owner) {
        PatternSegment.TimeField segment = (PatternSegment.TimeField) find(field, segments);
        String value = segment == null ? null : matcher.group(field.label());
        if (value == null) {
            return null;
        }
        try {
            return segment.layout().instant(value);
        } catch (DateTimeException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new FileNameMismatchException(matcher.group(), owner, text, matcher.start(field.label()),
                    field.label() + " '" + value + "' is not a valid time: " + why);
        }
    }

    private Integer number(Matcher matcher, PatternField field) {
        String value = find(field, segments) == null ? null : matcher.group(field.label());
        return value == null ? null : Integer.valueOf(value);
    }

    /** Finds how far the name follows the pattern by matching ever longer prefixes of the segments. */
    private FileNameMismatchException mismatch(String fileName, String owner) {
        int matchedEnd = 0;
        for (int count = 1; count <= segments.size(); count++) {
            Matcher prefix = prefixes.get(count - 1).matcher(fileName);
            if (!prefix.lookingAt()) {
                return expected(fileName, owner, segments.get(count - 1), matchedEnd);
            }
            matchedEnd = prefix.end();
        }
        return new FileNameMismatchException(fileName, owner, text, matchedEnd,
                "unexpected " + snippet(fileName, matchedEnd) + " after the end of the pattern at character " + (matchedEnd + 1));
    }

    /** For literal text, points at the first character that differs rather than at the start of the literal. */
    private FileNameMismatchException expected(String fileName, String owner, PatternSegment segment, int at) {
        String expected = segment.description();
        int position = at;
        if (segment instanceof PatternSegment.Literal literal) {
            String wanted = literal.text();
            int same = 0;
            while (same < wanted.length() && at + same < fileName.length() && wanted.charAt(same) == fileName.charAt(at + same)) {
                same++;
            }
            expected = "'" + wanted.substring(same) + "'";
            position = at + same;
        }
        return new FileNameMismatchException(fileName, owner, text, position,
                "expected " + expected + " at character " + (position + 1) + ", found " + snippet(fileName, position));
    }

    private static String snippet(String fileName, int from) {
        if (from >= fileName.length()) {
            return "the end of the name";
        }
        String rest = fileName.substring(from, Math.min(fileName.length(), from + SNIPPET));
        return "'" + FileNames.printable(rest) + (from + SNIPPET < fileName.length() ? "...'" : "'");
    }

    private static PatternSegment find(PatternField field, List<PatternSegment> segments) {
        for (PatternSegment segment : segments) {
            PatternSegment found = switch (segment) {
                case PatternSegment.TimeField time when time.field() == field -> time;
                case PatternSegment.NumberField number when number.field() == field -> number;
                case PatternSegment.OptionalPart optional -> find(field, optional.segments());
                default -> null;
            };
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String regexOf(List<PatternSegment> segments) {
        return segments.stream().map(PatternSegment::regex).collect(Collectors.joining());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileNamePattern pattern && pattern.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
