package org.granary.patches.lint;

import java.util.ArrayList;
import java.util.List;
import org.granary.patches.Patch;

import static java.util.Objects.requireNonNull;

/**
 * Finds the statements of a patch that would hurt a production database: long locks on large
 * tables, rewrites, statements PostgreSQL refuses in a transaction, data lost for good. Each
 * finding names the table with its size and gives the safer form.
 *
 * <p>Statements are read with regular expressions over their text with comments, literals and
 * quoted identifiers masked, not with a SQL parser: what the linter does not recognise, it does
 * not flag. Taking ACCESS EXCLUSIVE as such is not flagged: the patcher applies every patch with
 * a {@code lock_timeout}, so a statement waiting for its lock gives up instead of queueing every
 * other session behind it. What is flagged is holding a lock on a large table for a scan, a build
 * or a rewrite.
 */
public final class PatchLinter {
    private static final List<StatementRule> RULES = List.of(
            new TransactionControlRule(),
            new RefusedInTransactionRule(),
            new IndexBuildRule(),
            new ColumnRewriteRule(),
            new TableRewriteRule(),
            new ConstraintScanRule(),
            new NotNullRule(),
            new DestructiveChangeRule(),
            new LargeDataChangeRule(),
            new RenameRule(),
            new ReindexRule(),
            new LockTableRule());

    private final LintOptions options;

    /** With {@link LintOptions#defaults()}: large above 100,000 rows or 100 MB, changes of more than 100,000 rows batched. */
    public PatchLinter() {
        this(LintOptions.defaults());
    }

    public PatchLinter(LintOptions options) {
        this.options = requireNonNull(options, "options is null");
    }

    /** The findings of several patches, patch after patch, each judged as {@link #lint(Patch, TableStatistics)} does. */
    public List<Finding> lint(List<Patch> patches, TableStatistics statistics) {
        List<Finding> findings = new ArrayList<>();
        for (Patch patch : patches) {
            findings.addAll(lint(patch, statistics));
        }
        return List.copyOf(findings);
    }

    /** The findings of one patch, in statement order, judged with the target database's statistics. */
    public List<Finding> lint(Patch patch, TableStatistics statistics) {
        PatchContext context = new PatchContext(patch, options, requireNonNull(statistics, "statistics is null"));
        List<Finding> findings = new ArrayList<>();
        List<String> statements = patch.statements();
        for (int i = 0; i < statements.size(); i++) {
            PatchStatement statement = PatchStatement.of(i + 1, statements.get(i));
            for (StatementRule rule : RULES) {
                findings.addAll(rule.check(statement, context));
            }
            context.remember(statement);
        }
        return List.copyOf(findings);
    }
}
