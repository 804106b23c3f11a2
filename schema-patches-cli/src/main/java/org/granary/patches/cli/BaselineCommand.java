package org.granary.patches.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.granary.patches.Baseline;
import org.granary.patches.Patch;
import org.granary.patches.PatchSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code baseline}: adopts a database that has the schema but no ledger rows for the component (a
 * legacy database, a restored dump) with {@link Baseline}: when its schema is exactly what the
 * patches up to {@code --up-to} make, records them as applied without running them, so that
 * {@code apply} runs only the later ones. On drift it prints the drift as {@code verify} does and
 * records nothing.
 */
@Command(name = "baseline", description = "adopt a database without a ledger: record the patches up to one as applied, if its schema is what they make",
        footerHeading = "%n", footer = "Exit codes: 0 recorded (or would be, with --dry-run), 3 drift or refused; 1 failed, 64 bad usage")
final class BaselineCommand implements Callable<Integer> {
    @ParentCommand
    PatchesCommand tool;
    @Mixin
    HelpOption help;
    @Mixin
    FolderOptions folderOptions;
    @Mixin
    DatabaseOption database;
    @Option(names = "--up-to", required = true, paramLabel = "PATCH",
            description = "the last patch the database already has, as patches_applied.txt lists it")
    String upTo;
    @Option(names = "--dry-run", description = "compare and show what would be recorded, record nothing")
    boolean dryRun;

    @Override
    public Integer call() throws SQLException {
        Invocation invocation = tool.invocation(folderOptions, database.url);
        PatchFolder folder = invocation.folder();
        String url = invocation.jdbcUrl();
        PatchSet patches = folder.patchSet();
        PrintStream out = invocation.out();
        out.println("baseline " + folder.component() + " on " + Database.redact(url) + " up to " + upTo + (dryRun ? " (dry run)" : ""));
        Baseline.Adoption adoption = Baseline.adopt(url, patches, upTo, Baseline.Options.defaults(dryRun));
        String made = "what the " + adoption.patches().size() + " patches up to " + upTo + " make";
        if (!adoption.drift().isEmpty()) {
            out.println("DRIFT: " + folder.component() + " on " + Database.redact(url) + " differs in " + adoption.drift().size()
                    + " way(s) from " + made + ":");
            try (Connection connection = Database.connect(url)) {
                DriftReport.lines(adoption.drift(), DriftCheck.ddlLogInstalled(connection)).forEach(out::println);
            }
            throw CommandFailure.inconsistent("refused, nothing was recorded: the schema is not " + made + " (above); repair it,"
                    + " or baseline up to the patch whose schema it has");
        }
        out.println("schema: exactly " + made);
        report(out, adoption.patches(), patches);
        return ExitCode.OK;
    }

    private void report(PrintStream out, List<Patch> adopted, PatchSet patches) {
        Columns columns = new Columns();
        adopted.forEach(patch -> columns.row(dryRun ? "would record" : "recorded", patch.name(),
                "baselined, checksum " + PatchStates.abbreviated(patch.checksum())));
        columns.print(out);
        List<String> later = patches.patches().subList(adopted.size(), patches.patches().size()).stream().map(Patch::name).toList();
        String next = later.isEmpty() ? "none are left to apply" : "apply will apply " + String.join(", ", later);
        out.println(dryRun ? "dry run: nothing was recorded; without --dry-run, " + adopted.size() + " patches are recorded as applied and "
                + next : "done: " + adopted.size() + " patches recorded as applied (baselined), in one transaction; " + next);
    }
}
