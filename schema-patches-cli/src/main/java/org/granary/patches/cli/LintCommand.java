package org.granary.patches.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.granary.patches.Ledger;
import org.granary.patches.Patch;
import org.granary.patches.cli.PatchState.State;
import org.granary.patches.lint.Finding;
import org.granary.patches.lint.LiveTableStatistics;
import org.granary.patches.lint.PatchLinter;
import org.granary.patches.lint.TableStatistics;

/**
 * {@code lint}: the hazards of the pending patches ({@code --patch NAME} for one file, applied or
 * not; {@code --all} for every listed patch), judged with the target's live table sizes. Exits 0
 * without an ERROR finding, 3 with one.
 */
final class LintCommand {
    private LintCommand() {
    }

    static int run(Invocation invocation) throws SQLException {
        PatchFolder folder = invocation.folder();
        String url = invocation.jdbcUrl();
        Optional<String> one = invocation.line().value("patch");
        boolean all = invocation.line().flag("all");
        if (one.isPresent() && all) {
            throw CommandFailure.usage("lint takes --patch NAME or --all, not both");
        }
        try (Connection connection = Database.connect(url)) {
            List<Patch> patches = one.isPresent() ? List.of(folder.patch(one.get()).orElseThrow(() ->
                    CommandFailure.usage("no patch file " + one.get() + " in " + folder.folder())))
                    : all ? folder.patchSet().patches() : pending(folder, connection);
            String which = one.isPresent() ? one.get() : (all ? "all " : "the pending ") + patches.size() + " patch(es)";
            TableStatistics statistics = LiveTableStatistics.read(connection);
            List<Finding> findings = new PatchLinter().lint(patches, statistics);
            long errors = FindingReport.errors(findings);
            invocation.out().println("lint of " + which + " of " + folder.component() + ", against the tables of " + Database.redact(url)
                    + ": " + errors + " ERROR, " + (findings.size() - errors) + " WARNING");
            FindingReport.lines(findings).forEach(invocation.out()::println);
            return errors == 0 ? ExitCode.OK : ExitCode.INCONSISTENT;
        }
    }

    private static List<Patch> pending(PatchFolder folder, Connection connection) throws SQLException {
        return PatchStates.compare(folder, Ledger.read(connection, folder.component())).inState(State.PENDING).stream()
                .map(state -> folder.patch(state.name()).orElseThrow()).toList();
    }
}
