package org.granary.patches.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.granary.patches.Ledger;
import org.granary.patches.LedgerEntry;
import org.granary.patches.SchemaPatcher;
import org.granary.patches.cli.PatchState.State;
import org.granary.patches.drift.AttributedDrift;
import org.granary.patches.drift.ProvenanceCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code verify}: is the database's schema exactly what its applied patches make? Prints each
 * difference, who made it and the repair, and what keeps the DDL log from recording who (a
 * {@code PROVENANCE} drift). Exits 0 when equal, 3 on drift, 4 when an applied
 * patch's file was edited or is gone, so that the applied text is not there to compare with.
 */
@Command(name = "verify", description = "compare the schema with what the applied patches make; who drifted it; repairs",
        footerHeading = "%n", footer = "Exit codes: 0 no drift, 3 drift, 4 an applied patch edited or gone; 1 failed, 64 bad usage")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    PatchesCommand tool;
    @Mixin
    HelpOption help;
    @Mixin
    FolderOptions folderOptions;
    @Mixin
    DatabaseOption database;

    private record Comparison(List<LedgerEntry> applied, List<AttributedDrift> drifts) {
    }

    /** What verify found: the schema's differences, then what keeps the DDL log from recording. */
    private record Findings(List<AttributedDrift> schema, List<AttributedDrift> provenance) {
        List<AttributedDrift> all() {
            return Stream.concat(schema.stream(), provenance.stream()).toList();
        }
    }

    @Override
    public Integer call() throws SQLException {
        return run(tool.invocation(folderOptions, database.url));
    }

    static int run(Invocation invocation) throws SQLException {
        PatchFolder folder = invocation.folder();
        String url = invocation.jdbcUrl();
        try (Connection connection = Database.connect(url)) {
            // The lock keeps appliers out until the catalog is read, or a patch applied in between would look like drift.
            Comparison comparison = SchemaPatcher.whileNoPatchApplies(connection,
                    () -> invocation.err().println("waiting for the patches being applied to " + Database.redact(url) + "..."), () -> {
                        List<LedgerEntry> ledger = Ledger.read(connection, folder.component());
                        return new Comparison(ledger, DriftCheck.run(url, connection, folder, ledger, false));
                    });
            List<LedgerEntry> applied = comparison.applied();
            Findings findings = new Findings(comparison.drifts(), ProvenanceCheck.problems(connection).stream()
                    .map(problem -> new AttributedDrift(problem, List.of())).toList());
            int pending = PatchStates.compare(folder, applied).inState(State.PENDING).size();
            String target = folder.component() + " on " + Database.redact(url);
            String notCompared = pending == 0 ? "" : " (" + pending + " pending patch(es) are not part of the comparison)";
            if (findings.all().isEmpty()) {
                invocation.out().println("no drift: " + target + " has exactly the schema its " + applied.size() + " applied patches make"
                        + notCompared);
                return ExitCode.OK;
            }
            invocation.out().println("DRIFT: " + headline(findings, target, applied.size(), notCompared) + ":");
            DriftReport.lines(findings.all(), DriftCheck.ddlLogInstalled(connection)).forEach(invocation.out()::println);
            invocation.out().println("the repairs above, run in their order, make the schema what the patches make; review them first:"
                    + " dropping what is unexpected drops its data");
            return ExitCode.INCONSISTENT;
        }
    }

    private static String headline(Findings findings, String target, int applied, String notCompared) {
        String schema = findings.schema().isEmpty() ? target + " has exactly the schema its " + applied + " applied patches make" + notCompared
                : target + " differs in " + findings.schema().size() + " way(s) from what its " + applied + " applied patches make" + notCompared;
        return findings.provenance().isEmpty() ? schema
                : schema + (findings.schema().isEmpty() ? ", but" : ", and") + " its DDL log does not record all DDL ("
                        + findings.provenance().size() + " PROVENANCE problem(s))";
    }
}
