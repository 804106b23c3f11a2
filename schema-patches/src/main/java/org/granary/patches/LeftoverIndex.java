package org.granary.patches;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The INVALID index a failed {@code CREATE INDEX CONCURRENTLY} leaves behind: PostgreSQL keeps it
 * (it costs every write, and answers no query), and building it again fails with "already exists"
 * until it is dropped. Only a named index can be found again; an unnamed one gets a name
 * PostgreSQL makes up, so patches should name theirs.
 */
final class LeftoverIndex {
    private static final Pattern CREATE_INDEX_CONCURRENTLY = Pattern.compile(
            "CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
                    + "(?!ON\\b)((?:\"[^\"]+\"|[\\w$]+)(?:\\.(?:\"[^\"]+\"|[\\w$]+))?)\\s+ON\\b",
            Pattern.CASE_INSENSITIVE);

    private LeftoverIndex() {
    }

    /** The name of the index {@code statement} builds concurrently, as written, or empty. */
    static Optional<String> builtConcurrently(String statement) {
        Matcher matcher = CREATE_INDEX_CONCURRENTLY.matcher(Patch.withoutLeadingComments(statement));
        return matcher.lookingAt() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The INVALID index {@code statement} left, qualified, when there is one now. */
    static Optional<String> leftBy(Connection connection, String statement) throws SQLException {
        Optional<String> name = builtConcurrently(statement);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try (var query = connection.prepareStatement("""
                SELECT format('%I.%I', n.nspname, c.relname)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE i.indexrelid = to_regclass(?) AND NOT i.indisvalid""")) {
            query.setString(1, name.get());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /** Drops it without blocking the table's readers and writers, as it was being built. */
    static void drop(Connection connection, String qualifiedName) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP INDEX CONCURRENTLY IF EXISTS " + qualifiedName);
        }
    }
}
