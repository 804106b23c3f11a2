package org.granary.patches.cli;

import java.util.ArrayList;
import java.util.List;
import org.granary.patches.PatchRun;
import org.granary.patches.SchemaPatcher;
import org.granary.patches.lint.Finding;

/**
 * One pending patch as {@code plan} prints it: the statements {@code apply} sends, from the same
 * {@link PatchRun} the patcher runs, as a script (transaction control, settings, the patch, the
 * ledger row), with the lint findings as comments after it.
 */
final class PatchPlan {
    private PatchPlan() {
    }

    static List<String> lines(PatchRun run, String component, SchemaPatcher.Options options, List<Finding> findings) {
        List<String> lines = new ArrayList<>();
        String name = run.patch().name();
        lines.add("-- " + name + (run.transactional() ? ": in one transaction, with its ledger row"
                : ": non-transactional, each statement commits on its own; after a failure those before it stay applied"));
        if (run.transactional()) {
            lines.add("BEGIN;");
        }
        run.setup().forEach(statement -> lines.add(terminated(statement)));
        run.statements().forEach(statement -> lines.add(terminated(statement)));
        run.cleanup().forEach(statement -> lines.add(terminated(statement)));
        lines.add("-- records " + name + " in granary_patches.ledger: component " + component + ", checksum " + run.patch().checksum()
                + ", by " + options.appliedBy() + " from " + options.appliedFrom()
                + (options.stage() == null ? "" : ", stage " + options.stage()) + (options.driftAllowed() ? ", drift allowed" : ""));
        if (run.transactional()) {
            lines.add("COMMIT;");
        }
        if (findings.isEmpty()) {
            lines.add("-- lint: no hazards found");
        } else {
            lines.add("-- lint: " + FindingReport.errors(findings) + " ERROR, " + (findings.size() - FindingReport.errors(findings)) + " WARNING");
            FindingReport.lines(findings).forEach(line -> lines.add("-- " + line));
        }
        return lines;
    }

    /** A statement with its semicolon, on a line of its own when the statement ends in a line comment. */
    static String terminated(String statement) {
        String lastLine = statement.substring(statement.lastIndexOf('\n') + 1);
        return statement + (lastLine.contains("--") ? "\n;" : ";");
    }
}
