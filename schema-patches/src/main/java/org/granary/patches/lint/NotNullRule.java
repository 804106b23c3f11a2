package org.granary.patches.lint;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.granary.patches.Patch;

/**
 * {@code SET NOT NULL} on a large table scans it under ACCESS EXCLUSIVE unless a validated
 * {@code CHECK (column IS NOT NULL)} proves the column already (PostgreSQL 12+ then skips the
 * scan); and {@code ADD COLUMN ... NOT NULL} without a default fails on any table with rows.
 */
final class NotNullRule implements StatementRule {
    private static final Pattern SET_NOT_NULL =
            SqlPatterns.compile("^ALTER\\s+(?:COLUMN\\s+)?(?!COLUMN\\b)({ident})\\s+SET\\s+NOT\\s+NULL\\b");
    private static final Pattern NOT_NULL = SqlPatterns.compile("\\b(?:NOT\\s+NULL|PRIMARY\\s+KEY)\\b");
    private static final Pattern FILLED = SqlPatterns.compile("\\b(?:DEFAULT|GENERATED)\\b");

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        return AlterTable.findings(statement, context, (target, action) -> Stream.concat(
                setNotNull(statement, context, target, action).stream(),
                AddedColumn.parse(action).flatMap(added -> addNotNull(statement, context, target, added)).stream())).toList();
    }

    private static Optional<Finding> setNotNull(PatchStatement statement, PatchContext context, Target target, SqlFragment action) {
        Matcher set = action.shape(SET_NOT_NULL);
        if (!set.find() || !target.large()) {
            return Optional.empty();
        }
        String column = action.code(set.start(1), set.end(1));
        if (context.provenNotNull(target.name(), TableName.identifier(column))) {
            return Optional.empty();
        }
        String table = target.name().toString();
        String check = TableName.quoted(target.name().name() + "_" + TableName.identifier(column) + "_not_null");
        return Optional.of(context.finding(statement, Hazard.BLOCKING_NOT_NULL_SCAN, Severity.ERROR,
                "SET NOT NULL scans every row of " + table + " for nulls in " + column + " under ACCESS EXCLUSIVE: reads and"
                        + " writes wait for the whole scan; " + target.holds() + ".",
                "Prove it with a check first, which PostgreSQL 12+ then trusts instead of scanning:\n"
                        + "ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (" + column + " IS NOT NULL) NOT VALID;\n"
                        + "then in the next patch (or in this one marked " + Patch.NON_TRANSACTIONAL_MARKER + "):\n"
                        + "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check + ";  -- scans, but reads and writes go on\n"
                        + "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET NOT NULL;  -- no scan\n"
                        + "ALTER TABLE " + table + " DROP CONSTRAINT " + check + ";"));
    }

    private static Optional<Finding> addNotNull(PatchStatement statement, PatchContext context, Target target, AddedColumn added) {
        if (!added.hasTopLevel(NOT_NULL) || added.hasTopLevel(FILLED) || !target.mayHoldRows()) {
            return Optional.empty();
        }
        String table = target.name().toString();
        return Optional.of(context.finding(statement, Hazard.NOT_NULL_COLUMN_WITHOUT_DEFAULT, Severity.ERROR,
                "ADD COLUMN " + added.spelled() + " NOT NULL without a DEFAULT fails on a table with rows: existing rows would"
                        + " get NULL, and PostgreSQL refuses; " + target.holds() + ".",
                "Give it a constant default, which PostgreSQL 11+ stores once without touching the rows:\n"
                        + "ALTER TABLE " + table + " ADD COLUMN " + added.spelled() + " " + added.type() + " NOT NULL DEFAULT <value>;\n"
                        + "or add it nullable, backfill it in batches, then make it NOT NULL by the CHECK route (see SET NOT NULL)."));
    }
}
