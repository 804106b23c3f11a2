package org.granary.patches.lint;

import java.util.List;

/** One family of hazards, judged one statement at a time with what came before it in the patch. */
interface StatementRule {
    List<Finding> check(PatchStatement statement, PatchContext context);
}
