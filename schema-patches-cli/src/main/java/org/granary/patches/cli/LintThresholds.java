package org.granary.patches.cli;

import java.util.Optional;
import org.granary.patches.lint.LintOptions;
import picocli.CommandLine.Option;

/** {@code --large-table-rows} and {@code --large-change-rows}, shared by lint, plan and apply: when lint calls a table or a change large. */
final class LintThresholds {
    @Option(names = "--large-table-rows", paramLabel = "N",
            description = "lint: a table above N rows is large (default " + LintOptions.DEFAULT_LARGE_TABLE_ROWS + "; or above 100 MB)")
    Optional<Long> largeTableRows = Optional.empty();

    @Option(names = "--large-change-rows", paramLabel = "N",
            description = "lint: an UPDATE or DELETE not bounded to a batch, on a table above N rows, is LARGE_DATA_CHANGE (default "
                    + LintOptions.DEFAULT_LARGE_CHANGE_ROWS + ")")
    Optional<Long> largeChangeRows = Optional.empty();

    LintOptions options() {
        LintOptions defaults = LintOptions.defaults();
        try {
            return new LintOptions(largeTableRows.orElse(defaults.largeTableRows()), defaults.largeTableBytes(), defaults.unknownTablesAreLarge(),
                    largeChangeRows.orElse(defaults.largeChangeRows()));
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }
}
