package org.granary.ingest.esdt;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One piece of a compiled file-name pattern: it knows its regex and how to name itself in an error message. */
sealed interface PatternSegment {
    String regex();

    /** What the segment expects, for "expected ... at character N". */
    String description();

    /** Text the name must contain exactly. */
    record Literal(String text) implements PatternSegment {
        @Override
        public String regex() {
            return Pattern.quote(text);
        }

        @Override
        public String description() {
            return "'" + text + "'";
        }
    }

    record TimeField(PatternField field, TimeLayout layout) implements PatternSegment {
        @Override
        public String regex() {
            return "(?<" + field.label() + ">" + layout.regex() + ")";
        }

        @Override
        public String description() {
            return field.label() + " (" + layout + ")";
        }
    }

    /** Digits: exactly {@code width}, at least {@code width} (up to nine) if {@code orMore}, or one to nine if the width is 0. */
    record NumberField(PatternField field, int width, boolean orMore) implements PatternSegment {
        @Override
        public String regex() {
            String digits = width == 0 ? "\\d{1,9}" : orMore ? "\\d{" + width + ",9}" : "\\d{" + width + "}";
            return "(?<" + field.label() + ">" + digits + ")";
        }

        @Override
        public String description() {
            String digits = width == 0 ? "digits" : orMore ? width + " or more digits" : width + " digits";
            return field.label() + " (" + digits + ")";
        }
    }

    /** Letters or digits the name carries and we do not keep. */
    record Ignored(int width) implements PatternSegment {
        @Override
        public String regex() {
            return "[A-Za-z0-9]{" + width + "}";
        }

        @Override
        public String description() {
            return width + " letters or digits";
        }
    }

    /** A part the name may or may not have, such as OMI level 1B's "-p1". */
    record OptionalPart(List<PatternSegment> segments) implements PatternSegment {
        public OptionalPart {
            segments = List.copyOf(segments);
        }

        @Override
        public String regex() {
            return "(?:" + segments.stream().map(PatternSegment::regex).collect(Collectors.joining()) + ")?";
        }

        @Override
        public String description() {
            return "optional " + segments.stream().map(PatternSegment::description).collect(Collectors.joining(" "));
        }
    }
}
