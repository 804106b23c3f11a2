package org.granary.patches.lint;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.granary.patches.Patch;

/**
 * Constraints checked against every row of a large table while writes wait: {@code ADD FOREIGN KEY}
 * (SHARE ROW EXCLUSIVE on both tables) or {@code ADD CHECK} (ACCESS EXCLUSIVE) without
 * {@code NOT VALID}; and {@code VALIDATE CONSTRAINT} in a transactional patch after a statement
 * that locked the table, whose lock lasts until commit and so covers the whole scan.
 */
final class ConstraintScanRule implements StatementRule {
    private static final Pattern ADD_CONSTRAINT =
            SqlPatterns.compile("^ADD\\s+(?:CONSTRAINT\\s+({ident})\\s+)?(FOREIGN\\s+KEY|CHECK)\\b");
    private static final Pattern NOT_VALID = SqlPatterns.compile("\\bNOT\\s+VALID\\b");
    private static final Pattern VALIDATE = SqlPatterns.compile("^VALIDATE\\s+CONSTRAINT\\s+({ident})");

    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        return AlterTable.findings(statement, context, (target, action) -> !target.large() ? Stream.empty()
                : Stream.concat(addConstraint(statement, context, target, action).stream(),
                        validate(statement, context, target, action).stream())).toList();
    }

    private static Optional<Finding> addConstraint(PatchStatement statement, PatchContext context, Target target, SqlFragment action) {
        Matcher add = action.shape(ADD_CONSTRAINT);
        if (!add.find() || action.matchesTopLevel(NOT_VALID)) {
            return Optional.empty();
        }
        boolean foreignKey = !add.group(2).equalsIgnoreCase("CHECK");
        String table = target.name().toString();
        String name = add.group(1) != null ? action.code(add.start(1), add.end(1))
                : TableName.quoted(target.name().name() + (foreignKey ? "_fkey" : "_check"));
        String definition = action.oneLine(add.start(2), action.length());
        String how = foreignKey
                ? " while holding SHARE ROW EXCLUSIVE on " + table + " and on the table it references: writes to both wait"
                : " while holding ACCESS EXCLUSIVE: reads and writes wait";
        return Optional.of(context.finding(statement, Hazard.BLOCKING_CONSTRAINT_SCAN, Severity.ERROR,
                "ADD " + (foreignKey ? "FOREIGN KEY" : "CHECK") + " checks every row of " + table + how + " for the whole scan; "
                        + target.holds() + ".",
                "Add it without the scan, then validate it apart:\n"
                        + "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + definition + " NOT VALID;"
                        + "  -- brief lock; rows written from now on are checked\n"
                        + "then in the next patch (or in this one marked " + Patch.NON_TRANSACTIONAL_MARKER + "):\n"
                        + "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name + ";"
                        + "  -- scans under SHARE UPDATE EXCLUSIVE: reads and writes go on"));
    }

    private static Optional<Finding> validate(PatchStatement statement, PatchContext context, Target target, SqlFragment action) {
        OptionalInt lockedBy = context.writesBlockedSince(target.name());
        if (!action.matches(VALIDATE) || lockedBy.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(context.finding(statement, Hazard.BLOCKING_CONSTRAINT_SCAN, Severity.ERROR,
                "VALIDATE CONSTRAINT scans every row of " + target.name() + " in the same transaction as statement "
                        + lockedBy.getAsInt() + ", whose lock on " + target.name() + " lasts until the patch commits:"
                        + " writes wait for the whole scan after all; " + target.holds() + ".",
                "Move VALIDATE CONSTRAINT (and what must follow it) into the next patch, or mark this patch with the line\n"
                        + Patch.NON_TRANSACTIONAL_MARKER + "\n"
                        + "so that each statement commits on its own and the scan runs under SHARE UPDATE EXCLUSIVE only."));
    }
}
