package org.granary.patches.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements that lose or change data for good: {@code DROP TABLE}, {@code DROP COLUMN},
 * {@code DROP SCHEMA}, {@code TRUNCATE}, any {@code DROP ... CASCADE}, and {@code DELETE} or
 * {@code UPDATE} without {@code WHERE}. Always a warning, never an error: the linter cannot tell
 * a mistake from an intended removal, and the last, correct step of a staged removal (dropping
 * the deprecated table after a backup) still drops a table holding rows. The message says how
 * much is at stake. Tables created earlier in the same patch hold nothing and are left alone.
 */
final class DestructiveChangeRule implements StatementRule {
    private static final Pattern DROP_TABLE = SqlPatterns.compile("^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?");
    private static final Pattern TRUNCATE = SqlPatterns.compile("^TRUNCATE\\s+(?:TABLE\\s+)?");
    private static final Pattern DROP_SCHEMA = SqlPatterns.compile("^DROP\\s+SCHEMA\\s+(?:IF\\s+EXISTS\\s+)?(.*?)\\s*(?:CASCADE|RESTRICT)?\\s*$");
    private static final Pattern DROP_OTHER = SqlPatterns.compile("^DROP\\s+(?!TABLE\\b|SCHEMA\\b)(.*)\\bCASCADE\\s*$");
    private static final Pattern DROP_COLUMN =
            SqlPatterns.compile("^DROP\\s+(?!CONSTRAINT\\b)(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(?!COLUMN\\b)({ident})");
    private static final Pattern CASCADE = SqlPatterns.compile("\\bCASCADE\\s*$");
    private static final Pattern DELETE = SqlPatterns.compile("^(?:WITH\\b.*\\)\\s*)?DELETE\\s+FROM\\s+(?:ONLY\\s+)?({name})");
    private static final Pattern UPDATE = SqlPatterns.compile("^(?:WITH\\b.*\\)\\s*)?UPDATE\\s+(?:ONLY\\s+)?({name})");
    private static final Pattern WHERE = SqlPatterns.compile("\\bWHERE\\b");
    private static final Pattern LEADING_NAME = SqlPatterns.compile("^(?:ONLY\\s+)?({name})");
    private static final String NO_CASCADE = "Drop without CASCADE: PostgreSQL then names what depends on it and refuses,"
            + " and you drop or change those explicitly first.";

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        List<Finding> findings = new ArrayList<>();
        SqlFragment sql = statement.sql();
        String cascade = sql.matchesTopLevel(CASCADE) ? " CASCADE also drops, silently, everything that depends on it." : "";
        Matcher dropTable = sql.shape(DROP_TABLE);
        Matcher truncate = sql.shape(TRUNCATE);
        Matcher dropSchema = sql.shape(DROP_SCHEMA);
        Matcher dropOther = sql.topLevel(DROP_OTHER);
        if (dropTable.find()) {
            for (Target target : targets(context, sql.from(dropTable.end()))) {
                findings.add(warning(statement, context, "DROP TABLE removes " + target.name() + " and all its rows for good; "
                        + target.holds() + "." + cascade,
                        "Take it out of use first: ALTER TABLE " + target.name() + " RENAME TO "
                                + TableName.quoted(target.name().name() + "_deprecated") + "; in this release (a forgotten reader"
                                + " fails loudly, and renaming back is instant). Drop it in a later release, after a backup"
                                + " (pg_dump --table=...)."));
            }
        } else if (truncate.find()) {
            for (Target target : targets(context, sql.from(truncate.end()))) {
                findings.add(warning(statement, context, "TRUNCATE deletes every row of " + target.name() + " for good; "
                        + target.holds() + "." + cascade,
                        "Back the rows up first (pg_dump --data-only --table=" + target.name() + ", or COPY ... TO), and make"
                                + " sure nothing still writes the table."));
            }
        } else if (dropSchema.find()) {
            String schemas = sql.oneLine(dropSchema.start(1), dropSchema.end(1));
            findings.add(warning(statement, context, "DROP SCHEMA " + schemas + " removes the schema for good" + (cascade.isEmpty()
                            ? " (it must be empty)." : ", and with CASCADE every table, view and function in it, with their data."),
                    "Take it out of use first: ALTER SCHEMA " + schemas + " RENAME TO <name>_deprecated; in this release."
                            + " Drop it in a later release, after a backup (pg_dump --schema=...)."));
        } else if (dropOther.find()) {
            findings.add(warning(statement, context, "DROP " + sql.oneLine(dropOther.start(1), dropOther.end(1)).strip()
                    + " CASCADE also drops, silently, every object that depends on it (views, foreign keys, defaults...).", NO_CASCADE));
        }
        AlterTable.parse(statement).ifPresent(alter -> dropColumns(statement, context, alter, findings));
        unqualifiedChange(statement, context, findings);
        return findings;
    }

    private static void dropColumns(PatchStatement statement, PatchContext context, AlterTable alter, List<Finding> findings) {
        Target target = context.target(alter.table());
        for (SqlFragment action : alter.actions()) {
            Matcher drop = action.shape(DROP_COLUMN);
            String cascade = action.matchesTopLevel(CASCADE) ? " CASCADE also drops, silently, the views and constraints that use it." : "";
            if (drop.find() && !target.isNew()) {
                String column = action.code(drop.start(1), drop.end(1));
                findings.add(warning(statement, context, "DROP COLUMN " + column + " removes that column's data from "
                                + target.name() + " for good; " + target.holds() + "." + cascade,
                        "Stop reading and writing the column in the code first and release that; drop it in a later release,"
                                + " after a backup (COPY (SELECT <key>, " + column + " FROM " + target.name() + ") TO ...)."));
            } else if (!cascade.isEmpty()) {
                findings.add(warning(statement, context, action.oneLine() + ":" + cascade, NO_CASCADE));
            }
        }
    }

    private static void unqualifiedChange(PatchStatement statement, PatchContext context, List<Finding> findings) {
        SqlFragment sql = statement.sql();
        Matcher delete = sql.topLevel(DELETE);
        Matcher update = sql.topLevel(UPDATE);
        if (delete.find() && !sql.from(delete.end()).matchesTopLevel(WHERE)) {
            Target target = context.target(TableName.parse(sql.code(delete.start(1), delete.end(1))));
            if (!target.isNew()) {
                findings.add(warning(statement, context, "DELETE without WHERE deletes every row of " + target.name() + "; "
                                + target.holds() + ".",
                        "Add the WHERE clause if not every row is meant. If every row is, back them up and TRUNCATE; on a"
                                + " large table delete in batches by key range, each its own transaction."));
            }
        } else if (update.find() && !sql.from(update.end()).matchesTopLevel(WHERE)) {
            Target target = context.target(TableName.parse(sql.code(update.start(1), update.end(1))));
            if (!target.isNew()) {
                findings.add(warning(statement, context, "UPDATE without WHERE changes every row of " + target.name()
                                + ", holds every row's lock until the patch commits and leaves a dead copy of each row behind; "
                                + target.holds() + ".",
                        "Add the WHERE clause if not every row is meant. Otherwise update in batches by key range, each its own"
                                + " transaction (UPDATE ... WHERE id BETWEEN ... AND ...), and let VACUUM keep up."));
            }
        }
    }

    /** The tables of a comma-separated list, leaving out those created earlier in this patch. */
    private static List<Target> targets(PatchContext context, SqlFragment list) {
        List<Target> targets = new ArrayList<>();
        for (SqlFragment piece : list.splitTopLevel()) {
            Matcher name = piece.shape(LEADING_NAME);
            if (name.find()) {
                Target target = context.target(TableName.parse(piece.code(name.start(1), name.end(1))));
                if (!target.isNew()) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    private static Finding warning(PatchStatement statement, PatchContext context, String message, String saferForm) {
        return context.finding(statement, Hazard.DESTRUCTIVE_CHANGE, Severity.WARNING, message, saferForm);
    }
}
