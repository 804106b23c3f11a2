package org.granary.patches.lint;

import java.util.List;
import org.granary.patches.Patch;

/**
 * {@code COMMIT}, {@code ROLLBACK}, {@code BEGIN} and their kin in a patch that runs in one
 * transaction: what ran before a {@code COMMIT} stays whatever fails after it, a {@code ROLLBACK}
 * undoes statements the ledger would record as applied. {@code apply} refuses such a patch before
 * anything runs; lint says so first.
 */
final class TransactionControlRule implements StatementRule {
    @Override
    public List<Finding> check(PatchStatement statement, PatchContext context) {
        if (!context.transactional() || !Patch.controlsTransaction(statement.sql().oneLine())) {
            return List.of();
        }
        return List.of(context.finding(statement, Hazard.TRANSACTION_CONTROL, Severity.ERROR,
                "This statement controls the transaction the whole patch runs in: the patch would no longer be all or nothing,"
                        + " and apply refuses it before anything runs.",
                "Remove it: the tool commits the patch, with its ledger row, when every statement succeeded. Statements that must"
                        + " commit on their own go into a patch of their own whose file carries the line\n" + Patch.NON_TRANSACTIONAL_MARKER));
    }
}
