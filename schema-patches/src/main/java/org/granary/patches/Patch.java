package org.granary.patches;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One patch file. A patch runs in one transaction unless one of its lines is the marker
 * {@value #NON_TRANSACTIONAL_MARKER}, for statements PostgreSQL refuses inside a transaction such
 * as {@code CREATE INDEX CONCURRENTLY}. The marker must be a line of its own, so that a comment
 * that merely mentions it (as the template of a new patch does) leaves the patch transactional.
 * The marker {@value #BREAKS_OLDER_BUILDS_MARKER} works the same way.
 */
public record Patch(String name, String sql) {
    public static final String NON_TRANSACTIONAL_MARKER = "-- patch: non-transactional";
    /**
     * Marks a patch that builds older than it cannot run against (a dropped or renamed column they
     * still use): a service whose build does not know such an applied patch refuses to start,
     * whereas it starts, with a warning, against other patches it does not know (a rolling deploy).
     */
    public static final String BREAKS_OLDER_BUILDS_MARKER = "-- patch: breaks-older-builds";

    /** A patch named so is repeatable; see {@link #repeatable()}. */
    public static final String REPEATABLE_PREFIX = "R-";
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("(?:\\d{4}|R)-[a-z0-9][a-z0-9-]*\\.sql");

    public Patch {
        requireNonNull(name, "name is null");
        requireNonNull(sql, "sql is null");
        if (!isName(name)) {
            throw new IllegalArgumentException("patch name must look like 0001-create-granule-table.sql, or R-granule-views.sql for a"
                    + " repeatable patch: " + name);
        }
        if (name.startsWith(REPEATABLE_PREFIX) && sql.lines().map(String::strip).anyMatch(NON_TRANSACTIONAL_MARKER::equals)) {
            throw new IllegalArgumentException("repeatable patch " + name + " is marked non-transactional: a repeatable patch runs"
                    + " again whenever it changes, in one transaction, so that a failed run leaves its previous version in place");
        }
    }

    /** Whether {@code name} is a patch's name: {@code 0001-create-granule-table.sql} or {@code R-granule-views.sql}. */
    public static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * A repeatable patch ({@code R-granule-views.sql}), for views and functions: it is applied again
     * whenever its text changes, after the versioned patches, as Flyway's {@code R__} and
     * Liquibase's {@code runOnChange} are. Its statements must therefore be re-runnable
     * ({@code CREATE OR REPLACE}, {@code DROP ... IF EXISTS} first).
     */
    public boolean repeatable() {
        return name.startsWith(REPEATABLE_PREFIX);
    }

    /** SHA-256 of the file's bytes, hex: any edit, even of whitespace, changes it. */
    public String checksum() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public boolean transactional() {
        return !hasMarker(NON_TRANSACTIONAL_MARKER);
    }

    /** Whether the patch has the line {@value #BREAKS_OLDER_BUILDS_MARKER}, recorded in the ledger when applied. */
    public boolean breaksOlderBuilds() {
        return hasMarker(BREAKS_OLDER_BUILDS_MARKER);
    }

    private boolean hasMarker(String marker) {
        return sql.lines().map(String::strip).anyMatch(marker::equals);
    }

    public List<String> statements() {
        return SqlStatements.split(sql);
    }

    /**
     * The first statement that opens or ends a transaction ({@code BEGIN}, {@code START
     * TRANSACTION}, {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT}, {@code PREPARE
     * TRANSACTION}), by its index among {@link #statements()}; empty when none. In a patch that runs
     * in one transaction such a statement breaks all-or-nothing: what ran before a {@code COMMIT}
     * stays whatever fails after it, and a {@code ROLLBACK} undoes statements the ledger would call
     * applied. ({@code SAVEPOINT} and {@code ROLLBACK TO} stay inside the transaction and are allowed.)
     */
    public java.util.OptionalInt transactionControl() {
        List<String> statements = statements();
        for (int index = 0; index < statements.size(); index++) {
            if (controlsTransaction(statements.get(index))) {
                return java.util.OptionalInt.of(index);
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** Whether a statement opens or ends a transaction (see {@link #transactionControl()}). */
    public static boolean controlsTransaction(String statement) {
        return TRANSACTION_CONTROL.matcher(withoutLeadingComments(statement)).lookingAt();
    }

    private static final java.util.regex.Pattern TRANSACTION_CONTROL = java.util.regex.Pattern.compile(
            "(?:BEGIN|START\\s+TRANSACTION|COMMIT|END|ABORT|PREPARE\\s+TRANSACTION|ROLLBACK(?!(?:\\s+(?:WORK|TRANSACTION))?\\s+TO\\b))\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The statement from its first word on: comments and blank space before it left out. */
    static String withoutLeadingComments(String statement) {
        int i = 0;
        while (i < statement.length()) {
            if (Character.isWhitespace(statement.charAt(i))) {
                i++;
            } else if (statement.startsWith("--", i)) {
                i = SqlLexer.lineCommentEnd(statement, i);
            } else if (statement.startsWith("/*", i)) {
                i = SqlLexer.blockCommentEnd(statement, i);
            } else {
                break;
            }
        }
        return statement.substring(i);
    }
}
