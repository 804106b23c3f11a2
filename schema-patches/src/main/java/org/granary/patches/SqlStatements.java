package org.granary.patches;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PostgreSQL script into statements at top-level semicolons, skipping those inside
 * quotes, quoted identifiers, dollar-quoted bodies and comments. Applying statement by statement
 * lets a failure name the statement, and lets non-transactional patches run at all.
 */
final class SqlStatements {
    private SqlStatements() {
    }

    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(script, i, c);
            } else if (c == '-' && script.startsWith("--", i)) {
                i = skipLineComment(script, i);
            } else if (c == '/' && script.startsWith("/*", i)) {
                i = skipBlockComment(script, i);
            } else if (c == '$' && dollarTag(script, i) != null) {
                i = skipDollarQuoted(script, i, dollarTag(script, i));
            } else if (c == ';') {
                add(statements, script.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        add(statements, script.substring(start));
        return statements;
    }

    private static void add(List<String> statements, String candidate) {
        if (!stripComments(candidate).isBlank()) {
            statements.add(candidate.strip());
        }
    }

    private static String stripComments(String sql) {
        StringBuilder code = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            if (sql.startsWith("--", i)) {
                i = skipLineComment(sql, i);
            } else if (sql.startsWith("/*", i)) {
                i = skipBlockComment(sql, i);
            } else {
                code.append(sql.charAt(i++));
            }
        }
        return code.toString();
    }

    private static int skipQuoted(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2; // a doubled quote stands for itself
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int skipLineComment(String sql, int start) {
        int end = sql.indexOf('\n', start);
        return end < 0 ? sql.length() : end + 1;
    }

    private static int skipBlockComment(String sql, int start) {
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

    /** The tag at {@code i} such as {@code $$} or {@code $body$}, or null when {@code $} starts no tag. */
    private static String dollarTag(String sql, int i) {
        if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
            return null; // part of an identifier such as a$b
        }
        int end = i + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end < sql.length() && sql.charAt(end) == '$' && (end == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, end + 1);
        }
        return null;
    }

    private static int skipDollarQuoted(String sql, int start, String tag) {
        int close = sql.indexOf(tag, start + tag.length());
        return close < 0 ? sql.length() : close + tag.length();
    }
}
