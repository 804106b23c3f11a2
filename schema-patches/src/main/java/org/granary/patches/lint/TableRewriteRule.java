package org.granary.patches.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-table rewrites and copies under ACCESS EXCLUSIVE on a large table: {@code SET LOGGED} or
 * {@code UNLOGGED}, {@code SET TABLESPACE}, {@code SET ACCESS METHOD}, {@code VACUUM FULL},
 * {@code CLUSTER}, and {@code REFRESH MATERIALIZED VIEW} without {@code CONCURRENTLY}.
 */
final class TableRewriteRule implements StatementRule {
    private static final Pattern SET_STORAGE =
            SqlPatterns.compile("^SET\\s+(LOGGED|UNLOGGED|TABLESPACE|ACCESS\\s+METHOD)\\b");
    private static final Pattern VACUUM =
            SqlPatterns.compile("^VACUUM(\\s*\\([^)]*\\)|(?:\\s+(?:FULL|FREEZE|VERBOSE|ANALYZE|ANALYSE)\\b)*)");
    private static final Pattern FULL = SqlPatterns.compile("\\bFULL\\b(?!\\s+(?:FALSE|OFF|0)\\b)");
    private static final Pattern CLUSTER =
            SqlPatterns.compile("^CLUSTER\\s*(?:\\([^)]*\\)\\s*)?(?:VERBOSE\\b\\s*)?(?:{name}\\s+ON\\s+)?({name})?");
    private static final Pattern REFRESH =
            SqlPatterns.compile("^REFRESH\\s+MATERIALIZED\\s+VIEW\\s+(?!CONCURRENTLY\\b)({name})");
    private static final Pattern LEADING_NAME = SqlPatterns.compile("^({name})");
    private static final String REPACK = "Use pg_repack, which rebuilds the table online and locks it only briefly at"
            + " the start and the end; or a plain VACUUM, which makes the space reusable without blocking.";

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        List<Finding> findings = new ArrayList<>();
        SqlFragment sql = statement.sql();
        AlterTable.findings(statement, context, (target, action) -> storage(statement, context, target, action).stream())
                .forEach(findings::add);
        Matcher vacuum = sql.shape(VACUUM);
        if (vacuum.find() && FULL.matcher(vacuum.group(1)).find()) {
            List<TableName> tables = names(sql.from(vacuum.end()).splitTopLevel());
            if (tables.isEmpty()) {
                findings.add(context.finding(statement, Hazard.TABLE_REWRITE, Severity.ERROR,
                        "VACUUM FULL without a table rewrites every table of the database, each under ACCESS EXCLUSIVE.", REPACK));
            }
            for (TableName table : tables) {
                rewrite(statement, context, context.target(table), "VACUUM FULL", REPACK).ifPresent(findings::add);
            }
        }
        Matcher cluster = sql.shape(CLUSTER);
        if (cluster.find()) {
            if (cluster.group(1) == null) {
                findings.add(context.finding(statement, Hazard.TABLE_REWRITE, Severity.ERROR,
                        "CLUSTER without a table rewrites every table clustered before, each under ACCESS EXCLUSIVE.", REPACK));
            } else {
                Target target = context.target(TableName.parse(sql.code(cluster.start(1), cluster.end(1))));
                rewrite(statement, context, target, "CLUSTER", "Use pg_repack --order-by, which rebuilds the table online and"
                        + " locks it only briefly at the start and the end.").ifPresent(findings::add);
            }
        }
        Matcher refresh = sql.shape(REFRESH);
        if (refresh.find()) {
            TableName view = TableName.parse(sql.code(refresh.start(1), refresh.end(1)));
            rewrite(statement, context, context.target(view), "REFRESH MATERIALIZED VIEW", "REFRESH MATERIALIZED VIEW CONCURRENTLY "
                    + view + "; lets readers go on (it needs a unique index on the view, and is allowed in a transaction).")
                    .ifPresent(findings::add);
        }
        return findings;
    }

    private static Optional<Finding> storage(PatchStatement statement, PatchContext context, Target target, SqlFragment action) {
        Matcher set = action.shape(SET_STORAGE);
        if (!set.find()) {
            return Optional.empty();
        }
        String what = "SET " + action.oneLine(set.start(1), set.end(1)).toUpperCase(Locale.ROOT);
        return rewrite(statement, context, target, what, what.startsWith("SET TABLESPACE")
                ? "Use pg_repack --tablespace, which moves the table online and locks it only briefly; or schedule a maintenance window."
                : "There is no online form: schedule a maintenance window, or create a new table the way you want it,"
                        + " copy the rows over in batches and swap the names in one short patch.");
    }

    private static Optional<Finding> rewrite(PatchStatement statement, PatchContext context, Target target, String what, String safer) {
        if (!target.large()) {
            return Optional.empty();
        }
        return Optional.of(context.finding(statement, Hazard.TABLE_REWRITE, Severity.ERROR,
                what + " rewrites all of " + target.name() + " under ACCESS EXCLUSIVE: reads and writes wait until it is done; "
                        + target.holds() + ".",
                safer));
    }

    private static List<TableName> names(List<SqlFragment> pieces) {
        List<TableName> names = new ArrayList<>();
        for (SqlFragment piece : pieces) {
            Matcher name = piece.shape(LEADING_NAME);
            if (name.find()) {
                names.add(TableName.parse(piece.code(name.start(1), name.end(1))));
            }
        }
        return names;
    }
}
