package org.granary.patches.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.granary.patches.LedgerEntry;
import org.granary.patches.PartialPatch;
import org.granary.patches.PartialPatches;
import org.granary.patches.Patch;
import org.granary.patches.PatchException;
import org.granary.patches.PatchSet;
import org.granary.patches.RepeatablePatches;
import org.granary.patches.drift.AttributedDrift;
import org.granary.patches.drift.CatalogSnapshot;
import org.granary.patches.drift.Drift;
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
        List<PartialPatch> begun = PartialPatches.read(connection, folder.component());
        PatchSet appliedPatches = withCompletedParts(appliedPatches(connection, folder, applied, editedAllowed), folder, begun);
        CatalogSnapshot expected;
        try {
            expected = ScratchDatabase.expectedSchema(jdbcUrl, appliedPatches);
        } catch (PatchException | SQLException e) {
            throw CommandFailure.failed("cannot make the schema the applied patches make in a scratch database beside "
                    + Database.redact(jdbcUrl) + " (its role needs CREATEDB): " + e.getMessage(), e);
        }
        CatalogSnapshot actual = CatalogSnapshot.read(connection);
        List<Drift> drifts = withoutLeftoverIndexes(SchemaComparison.compare(expected, actual), leftoverIndexes(connection, folder, begun));
        return AttributedDrift.attribute(drifts, Provenance.outsideTool(connection, Instant.EPOCH));
    }

    /**
     * What a non-transactional patch that failed half-way has applied is expected: its completed
     * statements are added as a last patch, so that resuming it is not refused as drift. (One whose
     * completed statements were edited since is left out: the apply refuses to resume it anyway.)
     */
    private static PatchSet withCompletedParts(PatchSet applied, PatchFolder folder, List<PartialPatch> begun) {
        List<Patch> patches = new ArrayList<>(applied.patches());
        for (PartialPatch partial : begun) {
            folder.patch(partial.patchName()).filter(partial::completedPartIsUnchangedIn)
                    .ifPresent(patch -> patches.add(partial.completedPartOf(patch)));
        }
        return new PatchSet(applied.component(), patches);
    }

    /** The INVALID indexes failed statements left, which resuming drops and builds again. */
    private static Set<String> leftoverIndexes(Connection connection, PatchFolder folder, List<PartialPatch> begun) throws SQLException {
        Set<String> names = new HashSet<>();
        for (PartialPatch partial : begun) {
            Optional<Patch> patch = folder.patch(partial.patchName());
            if (patch.isPresent()) {
                PartialPatches.leftoverIndex(connection, partial, patch.get()).ifPresent(names::add);
            }
        }
        return names;
    }

    private static List<Drift> withoutLeftoverIndexes(List<Drift> drifts, Set<String> leftovers) {
        return drifts.stream().filter(drift -> !(drift.kind() == Drift.Kind.UNEXPECTED && drift.objectType().equals("index")
                && leftovers.contains(drift.name()))).toList();
    }

    /** The DDL log is there to say who made a drift only where a superuser's apply installed it. */
    static boolean ddlLogInstalled(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT to_regclass('granary_patches.ddl_log') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    /** The applied patches as they were applied; a repeatable one changed since is taken from its recorded text. */
    private static PatchSet appliedPatches(Connection connection, PatchFolder folder, List<LedgerEntry> applied, boolean editedAllowed)
            throws SQLException {
        List<Patch> patches = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (LedgerEntry entry : applied) {
            Optional<Patch> patch = folder.patch(entry.patchName());
            if (patch.isPresent() && patch.get().repeatable() && !patch.get().checksum().equals(entry.checksum())) {
                patch = RepeatablePatches.appliedText(connection, folder.component(), entry.patchName(), entry.checksum())
                        .map(text -> new Patch(entry.patchName(), text)).or(() -> Optional.empty());
            }
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
