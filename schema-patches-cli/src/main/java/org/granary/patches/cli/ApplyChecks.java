package org.granary.patches.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.granary.patches.LedgerEntry;
import org.granary.patches.Patch;
import org.granary.patches.PatchRefusedException;
import org.granary.patches.SchemaPatcher;
import org.granary.patches.drift.AttributedDrift;
import org.granary.patches.lint.Finding;
import org.granary.patches.lint.LintOptions;
import org.granary.patches.lint.LiveTableStatistics;
import org.granary.patches.lint.PatchLinter;
import org.granary.patches.lint.TableStatistics;

/**
 * What {@code apply} checks while it holds the patcher's lock, so that what it judges is what it
 * applies and no other applier changes the database in between: promotion from the previous
 * stage, hazards of the pending patches, and drift. It reports every reason before refusing, so
 * one run tells the DBA all there is to fix.
 */
record ApplyChecks(Invocation invocation, PatchFolder folder, String jdbcUrl, Optional<Promotion> promotion,
        boolean driftAllowed, boolean hazardsAccepted, LintOptions lintOptions) implements SchemaPatcher.BeforeApplying {
    @Override
    public void check(Connection connection, List<LedgerEntry> applied, List<Patch> pending) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        PrintStream out = invocation.out();
        out.println("pending: " + String.join(", ", pending.stream().map(Patch::name).toList()));
        List<String> refusals = new ArrayList<>();
        if (promotion.isPresent()) {
            refusals.addAll(promotion(pending));
        }
        refusals.addAll(hazards(connection, pending));
        refusals.addAll(drift(connection, applied));
        if (!refusals.isEmpty()) {
            throw new PatchRefusedException("nothing was applied to " + folder.component() + " on " + Database.redact(jdbcUrl)
                    + ":\n  " + String.join("\n  ", refusals));
        }
    }

    private List<String> promotion(List<Patch> pending) throws SQLException {
        Promotion stage = promotion.orElseThrow();
        List<String> unpromoted = stage.unpromoted(folder.component(), pending);
        if (unpromoted.isEmpty()) {
            invocation.out().println("stage " + stage.stage() + ": " + stage.previousStage().map(previous -> "every pending patch was applied on "
                    + previous + " with the same checksum").orElse("the first stage, which takes any patch"));
        }
        return unpromoted;
    }

    private List<String> hazards(Connection connection, List<Patch> pending) throws SQLException {
        TableStatistics statistics = LiveTableStatistics.read(connection);
        List<Finding> findings = new PatchLinter(lintOptions).lint(pending, statistics);
        long errors = FindingReport.errors(findings);
        invocation.out().println("lint: " + (findings.isEmpty() ? "no hazards found" : errors + " ERROR, " + (findings.size() - errors) + " WARNING"
                + (errors > 0 && hazardsAccepted ? " (accepted with --accept-hazards)" : "")));
        FindingReport.lines(findings).forEach(invocation.out()::println);
        if (errors == 0 || hazardsAccepted) {
            return List.of();
        }
        return List.of(errors + " ERROR hazard(s) in the pending patches (listed above): write them the safer way, or apply with --accept-hazards");
    }

    private List<String> drift(Connection connection, List<LedgerEntry> applied) throws SQLException {
        List<AttributedDrift> drifts = DriftCheck.run(jdbcUrl, connection, folder, applied, driftAllowed);
        if (drifts.isEmpty()) {
            invocation.out().println("drift: none, the schema is what the " + applied.size() + " applied patches make");
            return List.of();
        }
        invocation.out().println("drift: " + drifts.size() + " difference(s) from what the " + applied.size() + " applied patches make"
                + (driftAllowed ? " (allowed with --allow-drift, recorded in the ledger)" : ""));
        DriftReport.lines(drifts, DriftCheck.ddlLogInstalled(connection)).forEach(invocation.out()::println);
        return driftAllowed ? List.of()
                : List.of("the schema drifted from what its applied patches make (listed above): repair it, or apply with --allow-drift");
    }
}
