package org.granary.patches.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.granary.patches.LedgerEntry;
import org.granary.patches.Patch;
import org.granary.patches.PatchException;
import org.granary.patches.PatchSet;
import org.granary.patches.drift.AttributedDrift;
import org.granary.patches.drift.CatalogSnapshot;
import org.granary.patches.drift.Provenance;
import org.granary.patches.drift.SchemaComparison;
import org.granary.patches.drift.ScratchDatabase;

/**
 * The comparison of {@code verify}, which {@code apply} runs first: the schema the database's
 * applied patches make (the ledger's patches, in the order they were applied there, applied to a
 * scratch database on the same server) against the schema it has, each difference with the DDL
 * run by hand that made it, from the DDL log.
 */
final class DriftCheck {
    private DriftCheck() {
    }

    /**
     * @param connection to the target, in auto-commit mode
     * @param editedAllowed take an edited patch's file as it is now rather than refuse; the
     *     comparison then shows the edit as drift, which is what allowing it means
     */
    static List<AttributedDrift> run(String jdbcUrl, Connection connection, PatchFolder folder, List<LedgerEntry> applied,
            boolean editedAllowed) throws SQLException {
        PatchSet appliedPatches = appliedPatches(folder, applied, editedAllowed);
        CatalogSnapshot expected;
        try {
            expected = ScratchDatabase.expectedSchema(jdbcUrl, appliedPatches);
        } catch (PatchException | SQLException e) {
            throw CommandFailure.failed("cannot make the schema the applied patches make in a scratch database beside "
                    + Database.redact(jdbcUrl) + " (its role needs CREATEDB): " + e.getMessage(), e);
        }
        CatalogSnapshot actual = CatalogSnapshot.read(connection);
        return AttributedDrift.attribute(SchemaComparison.compare(expected, actual), Provenance.outsideTool(connection, Instant.EPOCH));
    }

    /** The DDL log is there to say who made a drift only where a superuser's apply installed it. */
    static boolean ddlLogInstalled(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT to_regclass('granary_patches.ddl_log') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    private static PatchSet appliedPatches(PatchFolder folder, List<LedgerEntry> applied, boolean editedAllowed) {
        List<Patch> patches = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (LedgerEntry entry : applied) {
            Optional<Patch> patch = folder.patch(entry.patchName());
            if (patch.isEmpty()) {
                problems.add("the ledger has " + entry.patchName() + " applied " + PatchStates.appliedBy(entry)
                        + ", but there is no such file in " + folder.folder());
            } else if (!patch.get().checksum().equals(entry.checksum()) && !editedAllowed) {
                problems.add(entry.patchName() + " was edited after it was applied " + PatchStates.appliedBy(entry)
                        + " (ledger checksum " + PatchStates.abbreviated(entry.checksum()) + ", file "
                        + PatchStates.abbreviated(patch.get().checksum()) + ")");
            } else {
                patches.add(patch.get());
            }
        }
        if (!problems.isEmpty()) {
            throw CommandFailure.editedPatch(String.join("\n", problems)
                    + "\ncannot make the schema the applied patches make without the text that was applied;"
                    + " restore the file(s) as they were applied, from version control, and write the change as a new patch");
        }
        return new PatchSet(folder.component(), patches);
    }
}
