package org.granary.ingest.pdr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the subset of ODL (PVL) that PDRs use: {@code NAME = value;} statements, nested
 * {@code OBJECT = X; ... END_OBJECT = X;} (or GROUP) blocks, values in double or single quotes,
 * C-style comments (slash-star to star-slash) and an optional final {@code END}, after which
 * nothing is read. Names are case-insensitive and
 * come out upper-cased. CR LF, CR and LF all end lines; form feeds, vertical tabs and NULs count as
 * white space, so EDOS's FF LF line ends and NUL padding pass.
 *
 * <p>Every statement must end with ';', as the ICD writes them: a value that runs into the next
 * statement's '=' is reported as a missing ';' rather than read as one long value.
 */
final class OdlParser {
    private static final Set<String> OPENERS = Set.of("OBJECT", "GROUP");
    private static final Set<String> CLOSERS = Set.of("END_OBJECT", "END_GROUP");

    private final String text;
    private final Deque<Block> open = new ArrayDeque<>();
    private int position;
    private int line = 1;

    private OdlParser(String text) {
        this.text = text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Parses PDR bytes, skipping a binary prefix as {@link OdlText} describes. */
    static OdlObject parse(byte[] bytes, Set<String> leadingKeywords) throws OdlSyntaxException {
        return parse(OdlText.decode(bytes, leadingKeywords));
    }

    static OdlObject parse(String text) throws OdlSyntaxException {
        return new OdlParser(text).document();
    }

    private OdlObject document() throws OdlSyntaxException {
        open.push(new Block("", 1));
        while (skipBlankAndComments()) {
            if (!statement()) {
                break;
            }
        }
        if (open.size() > 1) {
            Block unclosed = open.peek();
            throw new OdlSyntaxException(unclosed.line, "OBJECT = " + unclosed.name + " is never closed");
        }
        return open.pop().build();
    }

    /** Reads one statement; false after END. */
    private boolean statement() throws OdlSyntaxException {
        int statementLine = line;
        String name = name();
        skipBlankAndComments();
        if (name.equals("END") && (atEnd() || peek() == ';')) {
            return false;
        }
        String value = "";
        if (!CLOSERS.contains(name) || peek() != ';') {
            expect('=', "'=' after " + name);
            value = value(name, statementLine);
        } else {
            next();
        }
        if (OPENERS.contains(name)) {
            open.push(new Block(requireObjectName(name, value, statementLine), statementLine));
        } else if (CLOSERS.contains(name)) {
            close(name, value, statementLine);
        } else {
            open.peek().add(new OdlParameter(name, unquote(value), statementLine));
        }
        return true;
    }

    private void close(String closer, String value, int statementLine) throws OdlSyntaxException {
        if (open.size() == 1) {
            throw new OdlSyntaxException(statementLine, closer + " closes nothing");
        }
        Block block = open.pop();
        String name = value.isEmpty() ? block.name : value.toUpperCase(Locale.ROOT);
        if (!name.equals(block.name)) {
            throw new OdlSyntaxException(statementLine, closer + " = " + name + " closes OBJECT = " + block.name
                    + " of line " + block.line);
        }
        open.peek().objects.add(block.build());
    }

    private String name() throws OdlSyntaxException {
        int start = position;
        if (!Character.isLetter(peek())) {
            throw new OdlSyntaxException(line, "expected a statement name, found " + describe(peek()));
        }
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '/')) {
            next();
        }
        return text.substring(start, position).toUpperCase(Locale.ROOT);
    }

    /** Everything up to ';' outside quotes, comments left out. */
    private String value(String name, int statementLine) throws OdlSyntaxException {
        StringBuilder value = new StringBuilder();
        while (!atEnd()) {
            char character = peek();
            if (character == ';') {
                next();
                return value.toString().strip();
            } else if (character == '"' || character == '\'') {
                value.append(quoted(character));
            } else if (character == '/' && text.startsWith("/*", position)) {
                comment();
                value.append(' ');
            } else if (character == '=') {
                throw new OdlSyntaxException(statementLine, name + " is not ended by ';' before the next statement");
            } else {
                value.append(next());
            }
        }
        throw new OdlSyntaxException(statementLine, name + " is not ended by ';'");
    }

    private String quoted(char quote) throws OdlSyntaxException {
        int startLine = line;
        StringBuilder quoted = new StringBuilder().append(next());
        while (!atEnd() && peek() != quote) {
            quoted.append(next());
        }
        if (atEnd()) {
            throw new OdlSyntaxException(startLine, "quoted text is not closed");
        }
        return quoted.append(next()).toString();
    }

    /** Skips white space and comments; false at the end of the text. */
    private boolean skipBlankAndComments() throws OdlSyntaxException {
        while (!atEnd()) {
            char character = peek();
            if (Character.isWhitespace(character) || character == '\0') {
                next();
            } else if (character == '/' && text.startsWith("/*", position)) {
                comment();
            } else {
                return true;
            }
        }
        return false;
    }

    private void comment() throws OdlSyntaxException {
        int startLine = line;
        int close = text.indexOf("*/", position + 2);
        if (close < 0) {
            throw new OdlSyntaxException(startLine, "comment is not closed");
        }
        while (position < close + 2) {
            next();
        }
    }

    private void expect(char expected, String what) throws OdlSyntaxException {
        if (atEnd() || peek() != expected) {
            throw new OdlSyntaxException(line, "expected " + what + ", found " + describe(atEnd() ? 0 : peek()));
        }
        next();
    }

    private String requireObjectName(String opener, String value, int statementLine) throws OdlSyntaxException {
        if (!value.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new OdlSyntaxException(statementLine, opener + " needs a name, not '" + value + "'");
        }
        return value.toUpperCase(Locale.ROOT);
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            boolean quoted = (first == '"' || first == '\'') && value.charAt(value.length() - 1) == first;
            if (quoted && value.indexOf(first, 1) == value.length() - 1) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }

    private String describe(int character) {
        if (atEnd()) {
            return "the end of the text";
        }
        return Character.isISOControl(character) ? String.format("character U+%04X", character) : "'" + (char) character + "'";
    }

    private boolean atEnd() {
        return position >= text.length();
    }

    private char peek() {
        return atEnd() ? '\0' : text.charAt(position);
    }

    private char next() {
        char character = text.charAt(position++);
        if (character == '\n') {
            line++;
        }
        return character;
    }

    /** An object being read. */
    private static final class Block {
        private final String name;
        private final int line;
        private final Map<String, OdlParameter> parameters = new LinkedHashMap<>();
        private final List<OdlObject> objects = new ArrayList<>();

        Block(String name, int line) {
            this.name = name;
            this.line = line;
        }

        void add(OdlParameter parameter) throws OdlSyntaxException {
            OdlParameter earlier = parameters.putIfAbsent(parameter.name(), parameter);
            if (earlier != null) {
                throw new OdlSyntaxException(parameter.line(), parameter.name() + " is already given on line " + earlier.line());
            }
        }

        OdlObject build() {
            return new OdlObject(name, line, parameters, objects);
        }
    }
}
