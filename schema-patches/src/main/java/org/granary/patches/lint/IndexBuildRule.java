package org.granary.patches.lint;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.granary.patches.Patch;

/**
 * Index builds on a large table under a lock that blocks writes: {@code CREATE INDEX} without
 * {@code CONCURRENTLY} holds SHARE (reads go on, writes wait); {@code ADD PRIMARY KEY} or
 * {@code UNIQUE} without {@code USING INDEX} builds under ACCESS EXCLUSIVE (reads wait too).
 */
final class IndexBuildRule implements StatementRule {
    private static final Pattern CREATE_INDEX = SqlPatterns.compile("^(CREATE\\s+(?:UNIQUE\\s+)?INDEX)\\s+(CONCURRENTLY\\s+)?"
            + "(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:{ident}\\s+)?ON\\s+(ONLY\\s+)?({name})");
    private static final Pattern ADD_KEY =
            SqlPatterns.compile("^ADD\\s+(?:CONSTRAINT\\s+({ident})\\s+)?(PRIMARY\\s+KEY|UNIQUE)\\b");
    private static final Pattern USING_INDEX =
            SqlPatterns.compile("^ADD\\s+(?:CONSTRAINT\\s+{ident}\\s+)?(?:PRIMARY\\s+KEY|UNIQUE)\\s+USING\\s+INDEX\\s+(?!TABLESPACE\\b)");
    private static final Pattern COLUMN_LIST = SqlPatterns.compile("\\(([^)]*)\\)");
    private static final Pattern COLUMN_KEY = SqlPatterns.compile("\\b(PRIMARY\\s+KEY|UNIQUE)\\b");

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        return Stream.concat(createIndex(statement, context).stream(), AlterTable.findings(statement, context,
                (target, action) -> target.large() ? keyConstraint(statement, context, target, action).stream() : Stream.empty())).toList();
    }

    private static Optional<Finding> createIndex(PatchStatement statement, PatchContext context) {
        SqlFragment sql = statement.sql();
        Matcher create = sql.shape(CREATE_INDEX);
        if (!create.find() || create.group(2) != null) {
            return Optional.empty();
        }
        Target target = context.target(TableName.parse(sql.code(create.start(4), create.end(4))));
        if (!target.large()) {
            return Optional.empty();
        }
        if (target.partitioned()) {
            if (create.group(3) != null) {
                return Optional.empty(); // ON ONLY a partitioned table: an empty, invalid index on the parent, no build
            }
            return Optional.of(context.finding(statement, Hazard.BLOCKING_INDEX_BUILD, Severity.ERROR,
                    "CREATE INDEX on a partitioned table builds the index on every partition while blocking all writes"
                            + " to them; " + target.holds() + ".",
                    "PostgreSQL cannot build an index CONCURRENTLY on a partitioned table. Instead:\n"
                            + sql.oneLine(0, create.start(4)) + " ONLY " + sql.oneLine(create.start(4), sql.length()) + ";\n"
                            + "then, for each partition, in a patch marked " + Patch.NON_TRANSACTIONAL_MARKER + ":\n"
                            + "CREATE INDEX CONCURRENTLY <partition_index> ON <partition> (...);\n"
                            + "ALTER INDEX <parent_index> ATTACH PARTITION <partition_index>;\n"
                            + "The parent's index becomes valid once every partition's index is attached."));
        }
        return Optional.of(context.finding(statement, Hazard.BLOCKING_INDEX_BUILD, Severity.ERROR,
                "CREATE INDEX without CONCURRENTLY blocks every insert, update and delete on " + target.name()
                        + " for the whole index build; " + target.holds() + ".",
                "Build it without blocking writes, in a patch of its own:\n"
                        + Patch.NON_TRANSACTIONAL_MARKER + "\n"
                        + sql.oneLine(0, create.end(1)) + " CONCURRENTLY " + sql.oneLine(create.end(1), sql.length()) + ";\n"
                        + "It takes longer and first waits for running transactions. If it fails it leaves an INVALID"
                        + " index behind: DROP INDEX CONCURRENTLY that index before trying again."));
    }

    private static Optional<Finding> keyConstraint(PatchStatement statement, PatchContext context, Target target, SqlFragment action) {
        Matcher key = action.shape(ADD_KEY);
        String constraint;
        String kind;
        String columns;
        if (key.find() && !action.matches(USING_INDEX)) {
            kind = key.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            Matcher list = action.from(key.end()).topLevel(COLUMN_LIST);
            columns = list.find() ? action.from(key.end()).oneLine(list.start(1), list.end(1)) : "...";
            constraint = key.group(1) != null ? action.code(key.start(1), key.end(1)) : null;
        } else {
            Optional<AddedColumn> added = AddedColumn.parse(action);
            Matcher columnKey = added.map(column -> column.definition().topLevel(COLUMN_KEY)).orElse(null);
            if (columnKey == null || !columnKey.find()) {
                return Optional.empty();
            }
            kind = columnKey.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            columns = added.get().spelled();
            constraint = null;
        }
        String table = target.name().name();
        if (constraint == null) {
            constraint = TableName.quoted(kind.equals("UNIQUE") ? table + "_" + columns.replaceAll("[^\\p{L}\\p{N}_]+", "_") + "_key" : table + "_pkey");
        }
        String notNullFirst = kind.equals("UNIQUE") ? "" : "\nThe key columns must be NOT NULL before that, or it scans the table under ACCESS EXCLUSIVE:"
                + " make them so by the CHECK route first (see SET NOT NULL).";
        return Optional.of(context.finding(statement, Hazard.BLOCKING_INDEX_BUILD, Severity.ERROR,
                "ADD " + kind + " builds its index while holding ACCESS EXCLUSIVE on " + target.name()
                        + ": reads and writes wait for the whole build; " + target.holds() + ".",
                "Build the index first without blocking writes, in a patch marked " + Patch.NON_TRANSACTIONAL_MARKER + ":\n"
                        + "CREATE UNIQUE INDEX CONCURRENTLY " + constraint + " ON " + target.name() + " (" + columns + ");\n"
                        + "then, in the next patch, turn it into the constraint (a brief lock, no build):\n"
                        + "ALTER TABLE " + target.name() + " ADD CONSTRAINT " + constraint + " " + kind + " USING INDEX " + constraint + ";"
                        + notNullFirst));
    }
}
