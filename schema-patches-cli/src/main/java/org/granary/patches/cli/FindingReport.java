package org.granary.patches.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.granary.patches.lint.Finding;
import org.granary.patches.lint.Severity;

/**
 * Lint findings for a DBA: one aligned line per finding (patch, statement, severity, hazard, the
 * statement's first line), then what happens and the safer form, indented under it.
 */
final class FindingReport {
    private static final String INDENT = "    ";

    private FindingReport() {
    }

    static List<String> lines(List<Finding> findings) {
        Columns headlines = new Columns();
        for (Finding finding : findings) {
            headlines.row(finding.patchName(), "statement " + finding.statementIndex(), finding.severity().name(),
                    finding.hazard().name().toLowerCase(Locale.ROOT).replace('_', ' '), finding.statementFirstLine());
        }
        List<String> heads = headlines.lines();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            lines.add(heads.get(i));
            lines.add(INDENT + findings.get(i).message());
            lines.addAll(labelled("safer: ", findings.get(i).saferForm()));
        }
        return lines;
    }

    static long errors(List<Finding> findings) {
        return findings.stream().filter(finding -> finding.severity() == Severity.ERROR).count();
    }

    /** The first line after the label, the others aligned under it. */
    static List<String> labelled(String label, String text) {
        List<String> lines = new ArrayList<>();
        String continuation = INDENT + " ".repeat(label.length());
        text.lines().forEach(line -> lines.add((lines.isEmpty() ? INDENT + label : continuation) + line));
        return lines;
    }
}
