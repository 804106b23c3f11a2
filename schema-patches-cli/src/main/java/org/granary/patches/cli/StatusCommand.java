package org.granary.patches.cli;

import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.granary.patches.PatchSet;
import org.granary.patches.cli.PatchState.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code status}: where each patch stands between the folder, {@code patches_applied.txt} and the
 * database's ledger. Exits 0 in step, 2 with patches pending, 3 on any inconsistency.
 */
@Command(name = "status", description = "patch files, patches_applied.txt and the database's ledger compared",
        footerHeading = "%n", footer = "Exit codes: 0 in step, 2 patches pending, 3 inconsistent; 1 failed, 64 bad usage")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    PatchesCommand tool;
    @Mixin
    HelpOption help;
    @Mixin
    FolderOptions folderOptions;
    @Mixin
    DatabaseOption database;

    @Override
    public Integer call() throws SQLException {
        return run(tool.invocation(folderOptions, database.url));
    }

    static int run(Invocation invocation) throws SQLException {
        PatchFolder folder = invocation.folder();
        String url = invocation.jdbcUrl();
        PatchStates states = PatchStates.compare(folder, Database.ledger(url, folder.component()),
                Database.partial(url, folder.component()), Database.baselined(url, folder.component()));

        invocation.out().println(folder.component() + " on " + Database.redact(url) + ": "
                + states.inState(State.APPLIED).size() + " applied, " + states.inState(State.PENDING).size() + " pending, "
                + states.inconsistencies().size() + " inconsistent");
        states.table().print(invocation.out());
        int exitCode = states.exitCode();
        if (exitCode == ExitCode.INCONSISTENT) {
            invocation.out().println("inconsistent: the database, " + PatchSet.INDEX_FILE
                    + " and the patch files disagree (see the upper-case states)");
        } else if (exitCode == ExitCode.PENDING) {
            invocation.out().println("pending: see them with plan, apply them with apply");
        } else {
            invocation.out().println("in step");
        }
        return exitCode;
    }
}
