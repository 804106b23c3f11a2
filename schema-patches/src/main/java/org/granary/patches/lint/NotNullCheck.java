package org.granary.patches.lint;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code CHECK (column IS NOT NULL)} constraint: once validated, PostgreSQL 12 and later let
 * {@code SET NOT NULL} rely on it instead of scanning the table.
 */
final class NotNullCheck {
    // as written in a patch, and as pg_get_constraintdef prints it: CHECK ((name IS NOT NULL))
    private static final Pattern CHECK =
            SqlPatterns.compile("\\bCHECK\\s*\\(\\s*\\(?\\s*({ident})\\s+IS\\s+NOT\\s+NULL\\s*\\)?\\s*\\)");

    private NotNullCheck() {
    }

    /** The column such a check covers, as PostgreSQL stores its name; empty for any other check. */
    static Optional<String> column(SqlFragment definition) {
        Matcher check = definition.shape(CHECK);
        return check.find() ? Optional.of(TableName.identifier(definition.code(check.start(1), check.end(1)))) : Optional.empty();
    }
}
