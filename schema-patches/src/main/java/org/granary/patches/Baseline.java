package org.granary.patches;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.granary.patches.drift.AttributedDrift;
import org.granary.patches.drift.CatalogSnapshot;
import org.granary.patches.drift.Provenance;
import org.granary.patches.drift.SchemaComparison;
import org.granary.patches.drift.ScratchDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Adopts a database that has a component's schema but no ledger rows for it (a legacy database, a
 * restored dump without its ledger): records the patches up to a given one as applied, without
 * running them, once the schema is shown to be exactly what they make. The comparison is the one
 * drift detection makes: the patches applied to a scratch database beside the target (its role
 * needs {@code CREATEDB}), its catalog against the target's. Later applies then run only the
 * patches after that one.
 *
 * <p>The rows are marked {@code baseline} in the ledger, have a duration of 0 and are written in
 * one transaction, all or none. It holds the appliers' lock throughout, so no applier changes the
 * ledger or the schema between the comparison and the recording.
 */
public final class Baseline {
    private static final Logger log = LoggerFactory.getLogger(Baseline.class);

    /**
     * Who adopts, from where, and whether only to say what would be recorded.
     *
     * @param dryRun compare and return what would be recorded, but record nothing
     */
    public record Options(String appliedBy, String appliedFrom, boolean dryRun) {
        public Options {
            requireNonNull(appliedBy, "appliedBy is null");
            requireNonNull(appliedFrom, "appliedFrom is null");
        }

        /** This OS user on this host, as {@link SchemaPatcher.Options#defaults()} records them. */
        public static Options defaults(boolean dryRun) {
            SchemaPatcher.Options defaults = SchemaPatcher.Options.defaults();
            return new Options(defaults.appliedBy(), defaults.appliedFrom(), dryRun);
        }
    }

    /**
     * What {@link #adopt} found.
     *
     * @param patches the patches up to the given one, in order: those recorded, or to be recorded
     * @param drift how the schema differs from what {@code patches} make, with who made each
     *     difference where the DDL log knows; empty when it is exactly that
     * @param recorded whether the ledger rows were written: false on drift and for a dry run
     */
    public record Adoption(String component, List<Patch> patches, List<AttributedDrift> drift, boolean recorded) {
        public Adoption {
            requireNonNull(component, "component is null");
            patches = List.copyOf(patches);
            drift = List.copyOf(drift);
        }
    }

    private Baseline() {
    }

    /**
     * Records the patches of {@code patchSet} up to and including {@code upTo} as applied to the
     * target, when its schema is exactly what they make; with drift it returns the drift and records
     * nothing.
     *
     * @throws PatchRefusedException when {@code upTo} is not one of the patches, or the ledger already
     *     has rows for the component (such a database is not adopted, it is applied to)
     */
    public static Adoption adopt(String jdbcUrl, PatchSet patchSet, String upTo, Options options) {
        PatchSet adopted = new PatchSet(patchSet.component(), upTo(patchSet, upTo));
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            connection.setAutoCommit(true);
            return SchemaPatcher.whileNoPatchApplies(connection,
                    () -> log.info("waiting for the patches being applied to the database of {}", patchSet.component()),
                    () -> adoptLocked(connection, jdbcUrl, adopted, options));
        } catch (SQLException e) {
            throw new PatchException("cannot baseline " + patchSet.component() + ": " + e.getMessage(), e);
        }
    }

    /** The names of the component's ledger rows that a baseline recorded; empty for a ledger older than baselines. */
    public static Set<String> baselined(Connection connection, String component) throws SQLException {
        if (!hasBaselineColumn(connection)) {
            return Set.of();
        }
        try (var query = connection.prepareStatement("""
                SELECT patch_name FROM granary_patches.ledger WHERE component = ? AND baseline ORDER BY applied_at, patch_name""")) {
            query.setString(1, component);
            try (ResultSet rows = query.executeQuery()) {
                Set<String> names = new LinkedHashSet<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                return names;
            }
        }
    }

    private static List<Patch> upTo(PatchSet patchSet, String upTo) {
        List<String> names = patchSet.patches().stream().map(Patch::name).toList();
        int last = names.indexOf(upTo);
        if (last < 0) {
            throw new PatchRefusedException(upTo + " is not one of the patches " + PatchSet.INDEX_FILE + " of " + patchSet.component()
                    + " lists" + (names.isEmpty() ? " (it lists none)" : " (" + names.getFirst() + " to " + names.getLast() + ")")
                    + ": a baseline records the listed patches up to one of them. Nothing was recorded.");
        }
        return patchSet.patches().subList(0, last + 1);
    }

    private static Adoption adoptLocked(Connection connection, String jdbcUrl, PatchSet adopted, Options options) throws SQLException {
        refuseLedger(connection, adopted.component());
        List<AttributedDrift> drift = compare(connection, jdbcUrl, adopted);
        boolean record = drift.isEmpty() && !options.dryRun();
        if (record) {
            record(connection, adopted, options);
            log.info("baselined {} patch(es) of {}, up to {}", adopted.patches().size(), adopted.component(), adopted.patches().getLast().name());
        }
        return new Adoption(adopted.component(), adopted.patches(), drift, record);
    }

    private static void refuseLedger(Connection connection, String component) throws SQLException {
        List<LedgerEntry> entries = Ledger.read(connection, component);
        if (!entries.isEmpty()) {
            LedgerEntry first = entries.getFirst();
            throw new PatchRefusedException("the ledger already has " + entries.size() + " patch(es) of " + component + ", the first "
                    + first.patchName() + " applied at " + first.appliedAt() + " by " + first.appliedBy()
                    + ": a baseline adopts a database without ledger rows for its component; this one is brought up to date"
                    + " with apply. Nothing was recorded.");
        }
    }

    /** The comparison drift detection makes, with the patches to adopt as the applied ones. */
    private static List<AttributedDrift> compare(Connection connection, String jdbcUrl, PatchSet adopted) throws SQLException {
        CatalogSnapshot expected;
        try {
            expected = ScratchDatabase.expectedSchema(jdbcUrl, adopted);
        } catch (PatchException | SQLException e) {
            throw new PatchException("cannot make the schema the patches of " + adopted.component() + " up to "
                    + adopted.patches().getLast().name() + " make in a scratch database beside the target (its role needs CREATEDB): "
                    + e.getMessage(), e);
        }
        CatalogSnapshot actual = CatalogSnapshot.read(connection);
        return AttributedDrift.attribute(SchemaComparison.compare(expected, actual), Provenance.outsideTool(connection, Instant.EPOCH));
    }

    /** One transaction: every row or none. */
    private static void record(Connection connection, PatchSet adopted, Options options) throws SQLException {
        connection.setAutoCommit(false);
        try {
            Ledger.create(connection);
            for (Patch patch : adopted.patches()) {
                Ledger.recordBaseline(connection, new LedgerEntry(adopted.component(), patch.name(), patch.checksum(), options.appliedBy(),
                        options.appliedFrom(), Instant.now(), Duration.ZERO, false, null, patch.breaksOlderBuilds()));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static boolean hasBaselineColumn(Connection connection) throws SQLException {
        try (var query = connection.prepareStatement("""
                SELECT EXISTS (SELECT FROM pg_attribute
                               WHERE attrelid = to_regclass('granary_patches.ledger') AND attname = 'baseline' AND NOT attisdropped)""");
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
