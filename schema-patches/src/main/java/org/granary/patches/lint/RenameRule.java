package org.granary.patches.lint;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ALTER TABLE ... RENAME [COLUMN] a TO b} and {@code ALTER TABLE ... RENAME TO b}: in a
 * rolling deploy the database is patched first and the build still running (and restarting) uses
 * the old name, so its queries fail until the last old instance is gone. A warning, not an error:
 * renaming a table to {@code <name>_deprecated} on purpose, so that a forgotten reader fails
 * loudly, is the first step of a staged removal. Tables created earlier in the patch are left alone.
 */
final class RenameRule implements StatementRule {
    private static final Pattern RENAME_TABLE = SqlPatterns.compile("^RENAME\\s+TO\\s+({ident})\\s*$");
    private static final Pattern RENAME_COLUMN =
            SqlPatterns.compile("^RENAME\\s+(?:COLUMN\\s+)?(?!CONSTRAINT\\b|TO\\b)({ident})\\s+TO\\s+({ident})\\s*$");

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        return AlterTable.findings(statement, context, (target, action) -> target.isNew()
                ? Stream.empty() : rename(statement, context, target, action).stream()).toList();
    }

    private static Optional<Finding> rename(PatchStatement statement, PatchContext context, Target target, SqlFragment action) {
        Matcher table = action.shape(RENAME_TABLE);
        if (table.find()) {
            // RENAME TO keeps the schema: the view's FROM names it so, whatever the search_path
            TableName newName = new TableName(target.name().schema(), TableName.identifier(action.code(table.start(1), table.end(1))));
            return Optional.of(context.finding(statement, Hazard.BREAKING_RENAME, Severity.WARNING,
                    "RENAME TO renames " + target.name() + " to " + newName + ": a build still running during a rolling deploy,"
                            + " or restarted before the new one is out, fails on every query of " + target.name() + ".",
                    "Expand and contract over releases: create the new table, write both (a trigger, or the code), backfill in"
                            + " batches, switch the readers in a release, and drop the old table in a later one. Or, if a short"
                            + " overlap is enough: rename, and in the same patch CREATE VIEW " + target.name() + " AS SELECT * FROM "
                            + newName + "; (a simple view is updatable), dropped once no build uses the old name."
                            + " A rename to <name>_deprecated before a drop is meant to break forgotten readers: then ignore this."));
        }
        Matcher column = action.shape(RENAME_COLUMN);
        if (column.find()) {
            String old = action.code(column.start(1), column.end(1));
            String newName = action.code(column.start(2), column.end(2));
            return Optional.of(context.finding(statement, Hazard.BREAKING_RENAME, Severity.WARNING,
                    "RENAME COLUMN " + old + " TO " + newName + " of " + target.name() + ": a build still running during a rolling"
                            + " deploy, or restarted before the new one is out, fails on every query naming " + old + ".",
                    "Expand and contract over releases: ALTER TABLE " + target.name() + " ADD COLUMN " + newName + " ...; write both"
                            + " columns (the code, or a trigger), backfill " + newName + " in batches by key range, switch the readers"
                            + " to " + newName + " in a release, and drop " + old + " in a later one."));
        }
        return Optional.empty();
    }
}
