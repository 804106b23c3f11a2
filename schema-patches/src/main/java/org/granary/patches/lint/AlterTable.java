package org.granary.patches.lint;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    /** What a rule finds in one action of an {@code ALTER TABLE}, judged with the altered table. */
    @FunctionalInterface
    interface ActionCheck {
        Stream<Finding> check(Target target, SqlFragment action);
    }

    /** The findings of {@code check} on each action of {@code statement}, if it is an {@code ALTER TABLE}. */
    static Stream<Finding> findings(PatchStatement statement, PatchContext context, ActionCheck check) {
        return parse(statement).stream().flatMap(alter -> {
            Target target = context.target(alter.table());
            return alter.actions().stream().flatMap(action -> check.check(target, action));
        });
    }
}
