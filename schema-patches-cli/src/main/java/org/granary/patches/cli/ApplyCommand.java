package org.granary.patches.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.granary.patches.ApplyResult;
import org.granary.patches.Ledger;
import org.granary.patches.LedgerEntry;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.granary.patches.cli.PatchState.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code apply}: applies the pending patches with {@link SchemaPatcher}, after refusing an
 * inconsistent folder or ledger, and, under the patcher's lock, the checks of {@link ApplyChecks}.
 */
@Command(name = "apply", description = "apply the pending patches, after checking drift, hazards and promotion",
        footerHeading = "%n", footer = {"The stages file (Java properties): order=development,testing,operations and",
                "<stage>.<component>.db=JDBC_URL for each stage; --db defaults to the stage's database.",
                "A database the stages file names is always applied as its stage, --stage or not.",
                "Exit codes: 0, 1 a patch failed, 3 refused; 64 bad usage or bad stages file"})
final class ApplyCommand implements Callable<Integer> {
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
    @Option(names = "--stage", paramLabel = "NAME",
            description = "apply as this stage; each pending patch must be applied on the previous stage with the same checksum;"
                    + " without it, a database the stages file names is applied as its stage")
    Optional<String> stage = Optional.empty();
    @Option(names = "--stages", paramLabel = "FILE", description = "the stages file (default $" + Stages.FILE_VARIABLE + ")")
    Optional<String> stagesFile = Optional.empty();
    @Option(names = "--allow-drift", description = "apply although the schema drifted or an applied patch was edited (recorded)")
    boolean driftAllowed;
    @Option(names = "--accept-hazards", description = "apply although lint finds ERROR hazards")
    boolean hazardsAccepted;

    @Override
    public Integer call() throws SQLException {
        Invocation invocation = tool.invocation(folderOptions, database.url);
        PatchFolder folder = invocation.folder();
        String component = folder.component();
        Optional<String> stages = stagesFile.or(() -> Optional.ofNullable(invocation.environment().get(Stages.FILE_VARIABLE)));
        Optional<Promotion> promotion = Promotion.of(stage, stages, component, invocation::jdbcUrl);
        // Without --stage the stage was found from the target, which its own database must not replace.
        String url = stage.isPresent() ? invocation.jdbcUrl(promotion.flatMap(Promotion::database)) : invocation.jdbcUrl();
        warnIfNotTheStagesDatabase(invocation, promotion, url);
        SchemaPatcher.Options options = patcher.options(promotion.map(Promotion::stage).orElse(null), driftAllowed);
        refuseInconsistentLedger(invocation, folder, url, driftAllowed);
        PatchSet patches = folder.patchSet();
        folder.unlisted().forEach(name -> invocation.err().println("warning: " + name + " is not listed in " + PatchSet.INDEX_FILE
                + ": apply leaves it alone"));

        invocation.out().println("apply " + component + " to " + Database.redact(url) + promotion.map(promoted -> " as stage " + promoted.stage()
                + (stage.isEmpty() ? " (the stages file names this database for it)" : "")).orElse(""));
        var checks = new ApplyChecks(invocation, folder, url, promotion, driftAllowed, hazardsAccepted, thresholds.options());
        ApplyResult result = SchemaPatcher.apply(Database.dataSource(url), patches, options, checks);
        report(invocation.out(), url, patches, result);
        return ExitCode.OK;
    }

    /**
     * Says first, with the states status shows, what the patcher would refuse anyway; it checks
     * again under its lock, should another applier change the ledger meanwhile.
     */
    private static void refuseInconsistentLedger(Invocation invocation, PatchFolder folder, String url, boolean driftAllowed) throws SQLException {
        PatchStates states = PatchStates.compare(folder, Database.ledger(url, folder.component()));
        List<PatchState> blocking = states.blockingApply(driftAllowed);
        if (!blocking.isEmpty()) {
            new PatchStates(blocking).table().lines().forEach(line -> invocation.err().println("  " + line));
            throw CommandFailure.inconsistent("refused, nothing was applied: the ledger, " + PatchSet.INDEX_FILE
                    + " and the patch files disagree (above)" + (blocking.stream().allMatch(state -> state.state() == State.EDITED)
                            ? "; --allow-drift applies anyway, and records that it did" : ""));
        }
        states.inState(State.EDITED).forEach(state -> invocation.err().println("warning: applying although " + state.name()
                + " was edited after it was applied (--allow-drift)"));
    }

    private static void warnIfNotTheStagesDatabase(Invocation invocation, Optional<Promotion> promotion, String url) {
        promotion.filter(stage -> stage.database().isPresent() && !DatabaseAddress.same(stage.database().get(), url)).ifPresent(stage ->
                invocation.err().println("warning: --db is not the database the stages file names for " + stage.stage() + ": "
                        + Database.redact(stage.database().get())));
    }

    private static void report(PrintStream out, String url, PatchSet patches, ApplyResult result) throws SQLException {
        if (result.applied().isEmpty()) {
            out.println("nothing to apply: all " + result.alreadyApplied() + " patches are applied");
            return;
        }
        Map<String, LedgerEntry> ledger;
        try (Connection connection = Database.connect(url)) {
            ledger = Ledger.read(connection, patches.component()).stream().collect(Collectors.toMap(LedgerEntry::patchName, Function.identity()));
        }
        Columns columns = new Columns();
        for (String name : result.applied()) {
            LedgerEntry entry = ledger.get(name);
            boolean transactional = patches.patches().stream().filter(patch -> patch.name().equals(name)).findFirst().orElseThrow().transactional();
            columns.row("applied", name, transactional ? "in one transaction" : "non-transactional",
                    entry == null ? "" : entry.duration().toMillis() + " ms");
        }
        columns.print(out);
        out.println("done: " + result.applied().size() + " applied now, " + result.alreadyApplied() + " before");
    }
}
