package org.granary.patches.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.granary.patches.ApplyResult;
import org.granary.patches.Ledger;
import org.granary.patches.LedgerEntry;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.granary.patches.cli.PatchState.State;

/**
 * {@code apply}: applies the pending patches with {@link SchemaPatcher}, after refusing an
 * inconsistent folder or ledger, and, under the patcher's lock, the checks of {@link ApplyChecks}.
 */
final class ApplyCommand {
    private ApplyCommand() {
    }

    static int run(Invocation invocation) throws SQLException {
        PatchFolder folder = invocation.folder();
        String component = folder.component();
        boolean driftAllowed = invocation.line().flag("allow-drift");
        Optional<Promotion> promotion = Promotion.of(invocation, component);
        String url = invocation.jdbcUrl(promotion.flatMap(Promotion::database));
        warnIfNotTheStagesDatabase(invocation, promotion, url);
        SchemaPatcher.Options options = PatcherOptions.from(invocation.line(), promotion.map(Promotion::stage).orElse(null), driftAllowed);
        refuseInconsistentLedger(invocation, folder, url, driftAllowed);
        PatchSet patches = folder.patchSet();
        folder.unlisted().forEach(name -> invocation.err().println("warning: " + name + " is not listed in " + PatchSet.INDEX_FILE
                + ": apply leaves it alone"));

        invocation.out().println("apply " + component + " to " + Database.redact(url) + promotion.map(stage -> " as stage " + stage.stage()).orElse(""));
        var checks = new ApplyChecks(invocation, folder, url, promotion, driftAllowed, invocation.line().flag("accept-hazards"));
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
        promotion.filter(stage -> stage.database().isPresent() && !stage.database().get().equals(url)).ifPresent(stage ->
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
