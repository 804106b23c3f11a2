package org.granary.patches.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.granary.patches.Ledger;
import org.granary.patches.LedgerEntry;
import org.granary.patches.Patch;
import org.granary.patches.PatchRun;
import org.granary.patches.SchemaPatcher;
import org.granary.patches.cli.PatchState.State;
import org.granary.patches.lint.Finding;
import org.granary.patches.lint.LintOptions;
import org.granary.patches.lint.LiveTableStatistics;
import org.granary.patches.lint.PatchLinter;
import org.granary.patches.lint.TableStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code plan}: prints the SQL {@code apply} would run, in order, patch by patch, with the lint
 * findings of each; changes nothing. Exits 3 when apply would refuse for a reason it can see
 * without a scratch database (an inconsistent patch, an ERROR hazard), 0 otherwise.
 */
@Command(name = "plan", description = "print the SQL apply would run, patch by patch, with lint findings; changes nothing",
        footerHeading = "%n", footer = "Exit codes: 0, 3 apply would refuse; 1 failed, 64 bad usage")
final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    PatchesCommand tool;
    @Mixin
    HelpOption help;
    @Mixin
    FolderOptions folderOptions;
    @Mixin
    DatabaseOption database;
    @Mixin
    PatcherOptions patcher;
    @Mixin
    LintThresholds thresholds;

    @Override
    public Integer call() throws SQLException {
        return run(tool.invocation(folderOptions, database.url), patcher.options(null, false), thresholds.options());
    }

    static int run(Invocation invocation, SchemaPatcher.Options options, LintOptions lintOptions) throws SQLException {
        PatchFolder folder = invocation.folder();
        String url = invocation.jdbcUrl();
        PrintStream out = invocation.out();
        try (Connection connection = Database.connect(url)) {
            List<LedgerEntry> ledger = Ledger.read(connection, folder.component());
            PatchStates states = PatchStates.compare(folder, ledger);
            List<Patch> pending = states.inState(State.PENDING).stream().map(state -> folder.patch(state.name()).orElseThrow()).toList();
            out.println("-- plan of " + folder.component() + " on " + Database.redact(url) + ": " + pending.size()
                    + " pending patch(es), in this order");
            out.println("-- first apply takes the advisory lock, installs the DDL log, and compares the schema with what the "
                    + ledger.size() + " applied patches make (as verify does)");
            List<PatchState> blocking = states.blockingApply(false);
            if (!blocking.isEmpty()) {
                out.println("-- apply would refuse while these are inconsistent (see status):");
                new PatchStates(blocking).table().lines().forEach(line -> out.println("--   " + line));
            }
            TableStatistics statistics = LiveTableStatistics.read(connection);
            PatchLinter linter = new PatchLinter(lintOptions);
            long errors = 0;
            for (Patch patch : pending) {
                List<Finding> findings = linter.lint(patch, statistics);
                errors += FindingReport.errors(findings);
                out.println();
                PatchPlan.lines(PatchRun.of(patch, options), folder.component(), options, findings).forEach(out::println);
            }
            out.println();
            if (pending.isEmpty()) {
                out.println("-- nothing to apply");
            }
            if (errors > 0) {
                out.println("-- apply would refuse: " + errors + " ERROR hazard(s), unless given --accept-hazards");
            }
            return blocking.isEmpty() && errors == 0 ? ExitCode.OK : ExitCode.INCONSISTENT;
        }
    }
}
