package org.granary.patches;

/**
 * Where PostgreSQL's comments, quoted literals and identifiers, and dollar-quoted bodies end: what
 * splitting a patch into statements and masking a statement for the linter both need to know, so
 * that a keyword or a semicolon inside them is not taken for code. Positions are string indexes;
 * an unterminated construct ends at the end of the text.
 */
public final class SqlLexer {
    private SqlLexer() {
    }

    /** After the {@code --} comment starting at {@code start}: just past its newline. */
    public static int lineCommentEnd(String sql, int start) {
        int end = sql.indexOf('\n', start);
        return end < 0 ? sql.length() : end + 1;
    }

    /** After the {@code /*} comment starting at {@code start}; such comments nest in PostgreSQL. */
    public static int blockCommentEnd(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /**
     * After the literal or quoted identifier whose quote ({@code '} or {@code "}) is at
     * {@code open}. A doubled quote stands for itself; in an {@code E'...'} string
     * ({@code backslashEscapes}) a backslash escapes the next character, a quote included.
     */
    public static int literalEnd(String sql, int open, boolean backslashEscapes) {
        char quote = sql.charAt(open);
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** Whether the quote at {@code quote} opens an {@code E'...'} string (an {@code E} that is not the end of a word). */
    public static boolean opensEscapeString(String sql, int quote) {
        if (quote == 0 || Character.toUpperCase(sql.charAt(quote - 1)) != 'E') {
            return false;
        }
        return quote == 1 || !isIdentifierPart(sql.charAt(quote - 2));
    }

    /** The tag at {@code i} such as {@code $$} or {@code $body$}, or null when that {@code $} starts none. */
    public static String dollarTag(String sql, int i) {
        if (i > 0 && isIdentifierPart(sql.charAt(i - 1))) {
            return null; // part of an identifier such as a$b, or a parameter such as $1
        }
        int end = i + 1;
        while (end < sql.length() && isIdentifierPart(sql.charAt(end)) && sql.charAt(end) != '$') {
            end++;
        }
        if (end < sql.length() && sql.charAt(end) == '$' && (end == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, end + 1);
        }
        return null;
    }

    /** After the body quoted by {@code tag} that starts at {@code start}, closing tag included. */
    public static int dollarQuotedEnd(String sql, int start, String tag) {
        int close = sql.indexOf(tag, start + tag.length());
        return close < 0 ? sql.length() : close + tag.length();
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
