package org.granary.patches.lint;

import java.util.List;
import java.util.regex.Pattern;
import org.granary.patches.Patch;

/**
 * Statements PostgreSQL refuses inside a transaction block, in a patch that runs in one: the
 * patch fails whatever the table's size. ({@code REFRESH MATERIALIZED VIEW CONCURRENTLY} is
 * allowed in a transaction and is not listed.)
 */
final class RefusedInTransactionRule implements StatementRule {
    private record Refused(Pattern pattern, String what) {
    }

    private static final List<Refused> REFUSED = List.of(
            refused("^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b", "CREATE INDEX CONCURRENTLY"),
            refused("^DROP\\s+INDEX\\s+CONCURRENTLY\\b", "DROP INDEX CONCURRENTLY"),
            refused("^REINDEX\\b.*\\bCONCURRENTLY\\b", "REINDEX CONCURRENTLY"),
            refused("^REINDEX\\s*(?:\\([^)]*\\)\\s*)?(?:DATABASE|SYSTEM)\\b", "REINDEX DATABASE or SYSTEM"),
            refused("^ALTER\\s+TABLE\\b.*\\bDETACH\\s+PARTITION\\b.*\\bCONCURRENTLY\\b", "DETACH PARTITION CONCURRENTLY"),
            refused("^VACUUM\\b", "VACUUM"),
            refused("^(?:CREATE|DROP)\\s+(?:DATABASE|TABLESPACE)\\b", "CREATE or DROP DATABASE or TABLESPACE"),
            refused("^ALTER\\s+SYSTEM\\b", "ALTER SYSTEM"),
            refused("^CLUSTER\\s*(?:\\([^)]*\\)\\s*)?(?:VERBOSE\\s*)?$", "CLUSTER without a table"));

    private static Refused refused(String regex, String what) {
        return new Refused(SqlPatterns.compile(regex), what);
    }

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        if (!context.transactional()) {
            return List.of();
        }
        return REFUSED.stream()
                .filter(refused -> statement.sql().matches(refused.pattern()))
                .findFirst()
                .map(refused -> context.finding(statement, Hazard.REFUSED_IN_TRANSACTION, Severity.ERROR,
                        refused.what() + " cannot run inside a transaction block, and this patch runs in one:"
                                + " PostgreSQL will refuse it and the patch will fail.",
                        "Move the statement into a patch of its own whose file carries the line\n"
                                + Patch.NON_TRANSACTIONAL_MARKER + "\n"
                                + "so that each statement runs and commits on its own."))
                .stream()
                .toList();
    }
}
