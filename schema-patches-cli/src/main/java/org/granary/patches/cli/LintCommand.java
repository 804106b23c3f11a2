package org.granary.patches.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.granary.patches.Ledger;
import org.granary.patches.Patch;
import org.granary.patches.cli.PatchState.State;
import org.granary.patches.lint.Finding;
import org.granary.patches.lint.LintOptions;
import org.granary.patches.lint.LiveTableStatistics;
import org.granary.patches.lint.PatchLinter;
import org.granary.patches.lint.TableStatistics;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lint}: the hazards of the pending patches ({@code --patch NAME} for one file, applied or
 * not; {@code --all} for every listed patch), judged with the target's live table sizes. Exits 0
 * without an ERROR finding, 3 with one.
 */
@Command(name = "lint", description = "hazards of the pending patches, judged with the database's table sizes",
        footerHeading = "%n", footer = "Exit codes: 0, 3 an ERROR finding; 1 failed, 64 bad usage")
final class LintCommand implements Callable<Integer> {
    @ParentCommand
    PatchesCommand tool;
    @Mixin
    HelpOption help;
    @Mixin
    FolderOptions folderOptions;
    @Mixin
    DatabaseOption database;
    @Mixin
    LintThresholds thresholds;
    @ArgGroup(exclusive = true)
    Selection selection = new Selection();

    /** Which patches, instead of the pending ones. */
    static final class Selection {
        @Option(names = "--patch", paramLabel = "NAME", description = "lint this patch file only, applied or not")
        Optional<String> one = Optional.empty();
        @Option(names = "--all", description = "lint every listed patch")
        boolean all;
    }

    @Override
    public Integer call() throws SQLException {
        return run(tool.invocation(folderOptions, database.url), selection, thresholds.options());
    }

    static int run(Invocation invocation, Selection selection, LintOptions options) throws SQLException {
        PatchFolder folder = invocation.folder();
        String url = invocation.jdbcUrl();
        Optional<String> one = selection.one;
        boolean all = selection.all;
        try (Connection connection = Database.connect(url)) {
            List<Patch> patches = one.isPresent() ? List.of(folder.patch(one.get()).orElseThrow(() ->
                    CommandFailure.usage("no patch file " + one.get() + " in " + folder.folder())))
                    : all ? folder.patchSet().patches() : pending(folder, connection);
            String which = one.isPresent() ? one.get() : (all ? "all " : "the pending ") + patches.size() + " patch(es)";
            TableStatistics statistics = LiveTableStatistics.read(connection);
            List<Finding> findings = new PatchLinter(options).lint(patches, statistics);
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
