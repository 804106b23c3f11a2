package org.granary.patches;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a PostgreSQL script into statements at top-level semicolons, skipping those inside
 * quotes, escape strings ({@code E'it\'s'}), quoted identifiers, dollar-quoted bodies, comments,
 * parentheses, and the SQL-standard bodies of {@code CREATE FUNCTION ... BEGIN ATOMIC ... END}.
 * Applying statement by statement lets a failure name the statement, and lets non-transactional
 * patches run at all.
 *
 * <p>It splits as {@code psql} does, so a patch that runs in {@code psql} runs here the same way;
 * the rules for parentheses and {@code BEGIN ATOMIC} are psql's heuristics (psqlscan.l).
 */
final class SqlStatements {
    private SqlStatements() {
    }

    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        Shape shape = new Shape();
        int start = 0;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"') {
                i = SqlLexer.literalEnd(script, i, false);
            } else if (c == '-' && script.startsWith("--", i)) {
                i = SqlLexer.lineCommentEnd(script, i);
            } else if (c == '/' && script.startsWith("/*", i)) {
                i = SqlLexer.blockCommentEnd(script, i);
            } else if (c == '$' && SqlLexer.dollarTag(script, i) != null) {
                i = SqlLexer.dollarQuotedEnd(script, i, SqlLexer.dollarTag(script, i));
            } else if (isIdentifierStart(c)) {
                int end = identifierEnd(script, i);
                if (end == i + 1 && (c == 'E' || c == 'e') && end < script.length() && script.charAt(end) == '\'') {
                    i = SqlLexer.literalEnd(script, end, true);
                } else {
                    shape.word(script.substring(i, end));
                    i = end;
                }
            } else if (c == ';' && shape.endsHere()) {
                add(statements, script.substring(start, i));
                shape = new Shape();
                start = ++i;
            } else {
                shape.punctuation(c);
                i++;
            }
        }
        add(statements, script.substring(start));
        return statements;
    }

    /**
     * What psql tracks of the statement so far to tell a semicolon that ends it from one inside it:
     * the depth of parentheses, and inside {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}, the
     * depth of {@code BEGIN} (and of {@code CASE}, which also ends with {@code END}) at parenthesis
     * depth zero.
     */
    private static final class Shape {
        private final List<String> firstWords = new ArrayList<>();
        private int parenthesisDepth;
        private int beginDepth;

        void word(String word) {
            String lower = word.toLowerCase(Locale.ROOT);
            if (firstWords.size() < 4) {
                firstWords.add(lower);
            }
            if (parenthesisDepth > 0 || !createsRoutine()) {
                return;
            }
            switch (lower) {
                case "begin" -> beginDepth++;
                case "case" -> beginDepth += beginDepth > 0 ? 1 : 0; // a CASE only matters inside a body
                case "end" -> beginDepth -= beginDepth > 0 ? 1 : 0;
                default -> {
                }
            }
        }

        void punctuation(char c) {
            if (c == '(') {
                parenthesisDepth++;
            } else if (c == ')' && parenthesisDepth > 0) {
                parenthesisDepth--;
            }
        }

        boolean endsHere() {
            return parenthesisDepth == 0 && beginDepth == 0;
        }

        private boolean createsRoutine() {
            List<String> words = firstWords;
            if (words.size() < 2 || !words.get(0).equals("create")) {
                return false;
            }
            if (isRoutine(words.get(1))) {
                return true;
            }
            return words.size() >= 4 && words.get(1).equals("or") && words.get(2).equals("replace") && isRoutine(words.get(3));
        }

        private static boolean isRoutine(String word) {
            return word.equals("function") || word.equals("procedure");
        }
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
                i = SqlLexer.lineCommentEnd(sql, i);
            } else if (sql.startsWith("/*", i)) {
                i = SqlLexer.blockCommentEnd(sql, i);
            } else {
                code.append(sql.charAt(i++));
            }
        }
        return code.toString();
    }

    /** As PostgreSQL's lexer: letters (any non-ASCII character counts as one) and underscores start a word. */
    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= '\u0080';
    }

    private static int identifierEnd(String sql, int start) {
        int i = start + 1;
        while (i < sql.length() && (isIdentifierStart(sql.charAt(i)) || Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '$')) {
            i++;
        }
        return i;
    }
}
