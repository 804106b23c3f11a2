package org.granary.patches.lint;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.patches.Patch;

/**
 * An {@code UPDATE} or {@code DELETE} with a {@code WHERE} the linter cannot see bounding it to a
 * batch, on a table of more than {@link LintOptions#largeChangeRows()} rows: one transaction that
 * may change most of the table holds every changed row's lock until it commits, leaves as many dead
 * rows for VACUUM, and writes a burst of WAL that replicas and backups must absorb. The linter
 * cannot count what a {@code WHERE} selects, so it takes as bounded: an equality ({@code id = 42},
 * {@code orbit = 7}), an {@code IN} list of values, a key range ({@code BETWEEN}, or both a lower
 * and an upper comparison) and a sub-query with {@code LIMIT}; it flags, as a warning, the rest: a
 * one-sided range ({@code WHERE created < now() - interval '1 year'}), {@code IS NULL},
 * {@code <>}, {@code LIKE}, {@code IN (SELECT ...)}, the shapes of purges and backfills. Statements
 * without {@code WHERE} are {@link DestructiveChangeRule}'s, which already says to batch them.
 */
final class LargeDataChangeRule implements StatementRule {
    private static final Pattern DELETE = SqlPatterns.compile("^(?:WITH\\b.*\\)\\s*)?(DELETE)\\s+FROM\\s+(?:ONLY\\s+)?({name})");
    private static final Pattern UPDATE = SqlPatterns.compile("^(?:WITH\\b.*\\)\\s*)?(UPDATE)\\s+(?:ONLY\\s+)?({name})");
    private static final Pattern WHERE = SqlPatterns.compile("\\bWHERE\\b");
    private static final Pattern BETWEEN = SqlPatterns.compile("\\bBETWEEN\\b");
    private static final Pattern BELOW = SqlPatterns.compile("(?<![<>])<(?![<>])");
    private static final Pattern ABOVE = SqlPatterns.compile("(?<![<>=-])>(?![>])");
    private static final Pattern LIMIT = SqlPatterns.compile("\\bLIMIT\\b");
    private static final Pattern EQUALS = SqlPatterns.compile("(?<![<>!])=");
    private static final Pattern IN_LIST = SqlPatterns.compile("\\bIN\\s*\\(");
    private static final Pattern QUERY = SqlPatterns.compile("^\\s*\\(*\\s*(?:SELECT|WITH|VALUES|TABLE)\\b");

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        SqlFragment sql = statement.sql();
        Matcher change = sql.topLevel(DELETE);
        if (!change.find()) {
            change = sql.topLevel(UPDATE);
            if (!change.find()) {
                return List.of();
            }
        }
        SqlFragment rest = sql.from(change.end());
        Matcher where = rest.topLevel(WHERE);
        if (!where.find() || bounded(rest.from(where.end()))) {
            return List.of();
        }
        String verb = sql.code(change.start(1), change.end(1)).toUpperCase(Locale.ROOT);
        Target target = context.target(TableName.parse(sql.code(change.start(2), change.end(2))));
        return finding(statement, context, target, verb, rest.oneLine(where.start(), rest.length())).stream().toList();
    }

    private static boolean bounded(SqlFragment condition) {
        return condition.matchesTopLevel(BETWEEN)
                || (condition.matchesTopLevel(BELOW) && condition.matchesTopLevel(ABOVE))
                || condition.matchesTopLevel(EQUALS)
                || inList(condition)
                || condition.matches(LIMIT);
    }

    /** {@code IN (1, 2, 3)}, not {@code IN (SELECT ...)}, which may select any number of rows. */
    private static boolean inList(SqlFragment condition) {
        Matcher in = condition.topLevel(IN_LIST);
        while (in.find()) {
            if (!condition.from(in.end()).matches(QUERY)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Finding> finding(PatchStatement statement, PatchContext context, Target target, String verb, String where) {
        if (!target.manyRowsToChange()) {
            return Optional.empty();
        }
        return Optional.of(context.finding(statement, Hazard.LARGE_DATA_CHANGE, Severity.WARNING,
                verb + " on " + target.name() + " with a WHERE the linter cannot see bounded may change many rows in one transaction:"
                        + " each changed row stays locked until it commits, leaves a dead copy for VACUUM, and the WAL comes in one"
                        + " burst for replicas and backups; " + target.holds() + ". If the WHERE selects few rows, ignore this.",
                "Change the rows in batches by key range, each committing on its own, in a patch marked "
                        + Patch.NON_TRANSACTIONAL_MARKER + ":\n"
                        + verb + " ... " + where + " AND id >= 1 AND id < 50001;\n"
                        + verb + " ... " + where + " AND id >= 50001 AND id < 100001;\n"
                        + "...\nor, for millions of rows, in a job outside the patches that loops over the key ranges and pauses"
                        + " between batches so that VACUUM and the replicas keep up."));
    }
}
