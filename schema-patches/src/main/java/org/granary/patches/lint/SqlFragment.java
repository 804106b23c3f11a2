package org.granary.patches.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.patches.SqlLexer;

/**
 * A statement, or a piece of one, as four views of equal length, so that a match found in one
 * view is read from another at the same offsets:
 * <ul>
 * <li>{@code text}: comments blanked, so keywords in comments never match;</li>
 * <li>{@code code}: also the contents of string literals and dollar-quoted bodies replaced by a
 *     filler, so a keyword inside {@code 'DROP TABLE x'} never matches;</li>
 * <li>{@code shape}: also the contents of quoted identifiers replaced by the filler, so a column
 *     named {@code "not valid"} never reads as a keyword;</li>
 * <li>{@code topLevel}: also everything inside parentheses blanked, so a {@code WHERE} in a
 *     sub-query or a comma in a column list is not taken for one of the statement's own.</li>
 * </ul>
 * Regular expressions match {@code shape} or {@code topLevel}; names are read from {@code code}.
 */
final class SqlFragment {
    private static final char FILLER = 'x';

    private final String text;
    private final String code;
    private final String shape;
    private final String topLevel;

    private SqlFragment(String text, String code, String shape, String topLevel) {
        this.text = text;
        this.code = code;
        this.shape = shape;
        this.topLevel = topLevel;
    }

    static SqlFragment of(String sql) {
        StringBuilder text = new StringBuilder(sql);
        StringBuilder code = new StringBuilder(sql);
        StringBuilder shape = new StringBuilder(sql);
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end;
            if (sql.startsWith("--", i)) {
                end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                blank(i, end, ' ', text, code, shape);
            } else if (sql.startsWith("/*", i)) {
                end = SqlLexer.blockCommentEnd(sql, i);
                blank(i, end, ' ', text, code, shape);
            } else if (c == '\'') {
                end = SqlLexer.literalEnd(sql, i, SqlLexer.opensEscapeString(sql, i));
                blank(i + 1, end - 1, FILLER, code, shape);
            } else if (c == '"') {
                end = SqlLexer.literalEnd(sql, i, false);
                blank(i + 1, end - 1, FILLER, shape);
            } else if (c == '$' && SqlLexer.dollarTag(sql, i) != null) {
                String tag = SqlLexer.dollarTag(sql, i);
                end = SqlLexer.dollarQuotedEnd(sql, i, tag);
                blank(i + tag.length(), Math.max(i + tag.length(), end - tag.length()), FILLER, code, shape);
            } else {
                end = i + 1;
            }
            i = end;
        }
        return new SqlFragment(text.toString(), code.toString(), shape.toString(), outsideParentheses(shape));
    }

    Matcher shape(Pattern pattern) {
        return pattern.matcher(shape);
    }

    Matcher topLevel(Pattern pattern) {
        return pattern.matcher(topLevel);
    }

    boolean matches(Pattern pattern) {
        return pattern.matcher(shape).find();
    }

    boolean matchesTopLevel(Pattern pattern) {
        return pattern.matcher(topLevel).find();
    }

    /** The real spelling of a stretch found in another view, e.g. a quoted identifier. */
    String code(int start, int end) {
        return code.substring(start, end);
    }

    SqlFragment slice(int start, int end) {
        return new SqlFragment(text.substring(start, end), code.substring(start, end),
                shape.substring(start, end), topLevel.substring(start, end));
    }

    SqlFragment from(int start) {
        return slice(start, text.length());
    }

    SqlFragment strip() {
        int start = 0;
        int end = shape.length();
        while (start < end && Character.isWhitespace(shape.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(shape.charAt(end - 1))) {
            end--;
        }
        return slice(start, end);
    }

    int length() {
        return shape.length();
    }

    boolean isBlank() {
        return shape.isBlank();
    }

    /** Pieces between top-level commas, e.g. the actions of one ALTER TABLE. */
    List<SqlFragment> splitTopLevel() {
        List<SqlFragment> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= topLevel.length(); i++) {
            if (i == topLevel.length() || topLevel.charAt(i) == ',') {
                SqlFragment piece = slice(start, i).strip();
                if (!piece.isBlank()) {
                    pieces.add(piece);
                }
                start = i + 1;
            }
        }
        return pieces;
    }

    /** The SQL on one line: comments gone, runs of whitespace outside literals made one space. */
    String oneLine() {
        return oneLine(0, text.length());
    }

    String oneLine(int start, int end) {
        StringBuilder line = new StringBuilder();
        boolean space = false;
        for (int i = start; i < end; i++) {
            // code blanks literal contents with a filler, so whitespace there is outside literals
            if (Character.isWhitespace(code.charAt(i))) {
                space = !line.isEmpty();
            } else {
                if (space) {
                    line.append(' ');
                    space = false;
                }
                line.append(text.charAt(i));
            }
        }
        return line.toString();
    }

    /** The first line that holds code, for a DBA to find the statement in the file. */
    String firstLine() {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("");
    }

    private static void blank(int start, int end, char filler, StringBuilder... views) {
        for (StringBuilder view : views) {
            for (int i = start; i < end; i++) {
                // newlines stay, so the first line of a statement can still be told
                if (view.charAt(i) != '\n' || filler != ' ') {
                    view.setCharAt(i, filler);
                }
            }
        }
    }

    /** Keeps the outermost parentheses, so {@code PRIMARY KEY (id)} still shows its brackets. */
    private static String outsideParentheses(CharSequence shape) {
        StringBuilder outside = new StringBuilder(shape);
        int depth = 0;
        for (int i = 0; i < outside.length(); i++) {
            char c = outside.charAt(i);
            boolean keep;
            if (c == '(') {
                keep = depth++ == 0;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
                keep = depth == 0;
            } else {
                keep = depth == 0;
            }
            if (!keep) {
                outside.setCharAt(i, ' ');
            }
        }
        return outside.toString();
    }
}
