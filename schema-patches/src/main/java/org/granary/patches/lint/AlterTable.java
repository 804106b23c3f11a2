package org.granary.patches.lint;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An {@code ALTER TABLE} statement cut into its comma-separated actions. */
record AlterTable(TableName table, List<SqlFragment> actions) {
    private static final Pattern ALTER_TABLE =
            SqlPatterns.compile("^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?({name})\\s*\\*?");

    AlterTable {
        actions = List.copyOf(actions);
    }

    static Optional<AlterTable> parse(PatchStatement statement) {
        SqlFragment sql = statement.sql();
        Matcher alter = sql.shape(ALTER_TABLE);
        if (!alter.find()) {
            return Optional.empty();
        }
        TableName table = TableName.parse(sql.code(alter.start(1), alter.end(1)));
        return Optional.of(new AlterTable(table, sql.from(alter.end()).splitTopLevel()));
    }
}
