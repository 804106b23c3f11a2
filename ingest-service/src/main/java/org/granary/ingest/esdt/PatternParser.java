package org.granary.ingest.esdt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Turns the text of a file-name pattern into segments; see {@link FileNamePattern} for the syntax. */
final class PatternParser {
    private final String text;
    private final Set<PatternField> seen = EnumSet.noneOf(PatternField.class);
    private int position;

    private PatternParser(String text) {
        this.text = text;
    }

    static List<PatternSegment> parse(String text) {
        PatternParser parser = new PatternParser(text);
        parser.refuseControlCharacters();
        List<PatternSegment> segments = parser.segments(false);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("file-name pattern is empty");
        }
        return segments;
    }

    /** No file name holds a control character (see {@link FileNames}), and the database cannot store NUL. */
    private void refuseControlCharacters() {
        for (position = 0; position < text.length(); position++) {
            if (Character.isISOControl(text.charAt(position))) {
                throw error("control character " + String.format("U+%04X", (int) text.charAt(position)) + "; no file name holds one");
            }
        }
        position = 0;
    }

    private List<PatternSegment> segments(boolean optional) {
        List<PatternSegment> segments = new ArrayList<>();
        while (position < text.length()) {
            char character = text.charAt(position);
            if (character == ']' && optional) {
                return segments;
            } else if (character == '{') {
                segments.add(placeholder(optional));
            } else if (character == '[') {
                segments.add(optionalPart(optional));
            } else if (character == '}' || character == ']') {
                throw error("'" + character + "' has no opening partner");
            } else {
                segments.add(literal());
            }
        }
        if (optional) {
            throw error("'[' is not closed");
        }
        return segments;
    }

    private PatternSegment optionalPart(boolean nested) {
        if (nested) {
            throw error("optional parts cannot be nested");
        }
        position++;
        List<PatternSegment> inner = segments(true);
        if (inner.isEmpty()) {
            throw error("optional part is empty");
        }
        position++;
        return new PatternSegment.OptionalPart(inner);
    }

    private PatternSegment literal() {
        int start = position;
        while (position < text.length() && "{}[]".indexOf(text.charAt(position)) < 0) {
            position++;
        }
        return new PatternSegment.Literal(text.substring(start, position));
    }

    private PatternSegment placeholder(boolean optional) {
        int close = text.indexOf('}', position);
        if (close < 0) {
            throw error("'{' is not closed");
        }
        String content = text.substring(position + 1, close);
        int colon = content.indexOf(':');
        String label = colon < 0 ? content : content.substring(0, colon);
        String argument = colon < 0 ? "" : content.substring(colon + 1);
        PatternField field = PatternField.byLabel(label).orElseThrow(() -> error("unknown field '" + label
                + "'; fields are start, end, production, orbit, collection, part and ignore"));
        if (field != PatternField.IGNORE && !seen.add(field)) {
            throw error("field '" + label + "' appears twice");
        }
        if (field == PatternField.START && optional) {
            throw error("start cannot be optional");
        }
        position = close + 1;
        return segment(field, argument);
    }

    private PatternSegment segment(PatternField field, String argument) {
        return switch (field.kind()) {
            case TIME -> {
                if (argument.isEmpty()) {
                    throw error(field.label() + " needs a time layout, such as {" + field.label() + ":yyyyMMdd}");
                }
                yield new PatternSegment.TimeField(field, TimeLayout.of(argument));
            }
            case NUMBER -> argument.endsWith("+")
                    ? new PatternSegment.NumberField(field, width(field, argument.substring(0, argument.length() - 1)), true)
                    : new PatternSegment.NumberField(field, argument.isEmpty() ? 0 : width(field, argument), false);
            case IGNORED -> new PatternSegment.Ignored(width(field, argument));
        };
    }

    private int width(PatternField field, String argument) {
        if (!argument.matches("[1-9]")) {
            throw error(field.label() + " takes a width from 1 to 9, not '" + argument + "'");
        }
        return Integer.parseInt(argument);
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("file-name pattern '" + FileNames.printable(text) + "': " + problem + " (at character " + (position + 1) + ")");
    }
}
