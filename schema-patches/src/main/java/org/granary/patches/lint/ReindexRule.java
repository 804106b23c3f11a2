package org.granary.patches.lint;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.patches.Patch;

/**
 * {@code REINDEX} without {@code CONCURRENTLY}: it holds SHARE on the table (writes wait) and
 * ACCESS EXCLUSIVE on each index it rebuilds (queries that would use the index wait too) for the
 * whole rebuild. {@code REINDEX TABLE} of a large table is an error; {@code REINDEX INDEX} or
 * {@code SCHEMA}, whose tables the linter cannot size, is a warning. {@code DATABASE} and
 * {@code SYSTEM} in a transactional patch are left to the rule for statements refused there.
 */
final class ReindexRule implements StatementRule {
    private static final Pattern REINDEX = SqlPatterns.compile(
            "^REINDEX\\s*(\\([^)]*\\))?\\s*(INDEX|TABLE|SCHEMA|DATABASE|SYSTEM)\\s+(CONCURRENTLY\\s+)?({name})?");
    private static final Pattern CONCURRENTLY_OPTION = SqlPatterns.compile("\\bCONCURRENTLY\\b(?!\\s+(?:FALSE|OFF|0)\\b)");

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        SqlFragment sql = statement.sql();
        Matcher reindex = sql.shape(REINDEX);
        if (!reindex.find() || reindex.group(3) != null
                || (reindex.group(1) != null && CONCURRENTLY_OPTION.matcher(reindex.group(1)).find())) {
            return List.of();
        }
        String kind = reindex.group(2).toUpperCase(Locale.ROOT);
        String concurrently = "Rebuild without blocking, in a patch of its own:\n" + Patch.NON_TRANSACTIONAL_MARKER + "\n"
                + sql.oneLine(0, reindex.end(2)) + " CONCURRENTLY " + sql.oneLine(reindex.end(2), sql.length()) + ";\n"
                + "It takes longer and first waits for running transactions. If it fails it leaves an INVALID index"
                + " named ..._ccnew behind: DROP INDEX CONCURRENTLY that index before trying again.";
        if (kind.equals("TABLE") && reindex.group(4) != null) {
            Target target = context.target(TableName.parse(sql.code(reindex.start(4), reindex.end(4))));
            if (!target.large()) {
                return List.of();
            }
            return List.of(context.finding(statement, Hazard.BLOCKING_REINDEX, Severity.ERROR,
                    "REINDEX TABLE without CONCURRENTLY blocks every insert, update and delete on " + target.name()
                            + ", and every query using one of its indexes, for the whole rebuild; " + target.holds() + ".",
                    concurrently));
        }
        if ((kind.equals("DATABASE") || kind.equals("SYSTEM")) && context.transactional()) {
            return List.of(); // refused in a transaction: RefusedInTransactionRule says so
        }
        return List.of(context.finding(statement, Hazard.BLOCKING_REINDEX, Severity.WARNING,
                "REINDEX " + kind + " without CONCURRENTLY blocks writes to the tables whose indexes it rebuilds, and the queries"
                        + " using those indexes, for the whole rebuild; the linter cannot tell how large they are.",
                kind.equals("SYSTEM") ? "System catalogs cannot be reindexed concurrently: schedule a maintenance window."
                        : concurrently));
    }
}
