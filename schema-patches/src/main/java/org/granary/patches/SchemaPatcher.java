package org.granary.patches;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.granary.patches.drift.Provenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Brings a database up to a {@link PatchSet}: applies the patches its ledger lacks, in order, each
 * in its own transaction (unless marked non-transactional), and records each in the ledger in that
 * same transaction, so a patch and its ledger row exist together or not at all.
 *
 * <p>A session-level advisory lock serializes appliers of one database: a service starting while a
 * DBA applies waits, and a crashed applier's lock goes with its connection. It refuses to run when
 * an applied patch was edited since. Patches the ledger holds and this set does not know (an older
 * build during a rolling deploy) are logged and tolerated, unless one is marked
 * {@value Patch#BREAKS_OLDER_BUILDS_MARKER} or this set still has patches to apply.
 *
 * <p>A non-transactional patch that fails half-way is resumed by the next run after the statements
 * it completed ({@link PartialPatches}). Repeatable patches ({@link Patch#repeatable()}) run after
 * the versioned ones whenever their text changed to a version never applied here
 * ({@link RepeatablePatches}). A statement or a run that waits for a lock says, in the log and in
 * its failure, which session holds it ({@link LockWaits}).
 *
 * <p>Each run first installs the DDL log ({@link Provenance}) where it may (as a superuser), and
 * names the patch it applies in {@code granary.patch}, so the log tells its DDL from DDL run by hand.
 */
public final class SchemaPatcher {
    private static final Logger log = LoggerFactory.getLogger(SchemaPatcher.class);
    /** Arbitrary, fixed: "granary" in ASCII, so that other tools' advisory locks stay clear of ours. */
    static final long ADVISORY_LOCK_KEY = 0x6772616e617279L;

    /**
     * Limits and identity for one run.
     *
     * @param stage the promotion stage the database is applied as, recorded in the ledger; null when none
     * @param driftAllowed apply although an applied patch was edited (recorded in the ledger with each
     *     patch applied); the DBA's tool also uses it to go ahead over drift found by its own check
     */
    public record Options(Duration lockTimeout, Duration statementTimeout, String appliedBy, String appliedFrom,
            String stage, boolean driftAllowed) {
        public Options {
            requireNonNull(lockTimeout, "lockTimeout is null");
            requireNonNull(statementTimeout, "statementTimeout is null");
            requireNonNull(appliedBy, "appliedBy is null");
            requireNonNull(appliedFrom, "appliedFrom is null");
            if (lockTimeout.isNegative() || statementTimeout.isNegative()) {
                throw new IllegalArgumentException("timeouts must not be negative: " + lockTimeout + ", " + statementTimeout);
            }
        }

        /** No stage, no drift allowed: how services apply their own patches at start. */
        public Options(Duration lockTimeout, Duration statementTimeout, String appliedBy, String appliedFrom) {
            this(lockTimeout, statementTimeout, appliedBy, appliedFrom, null, false);
        }

        /** Ten seconds to get a lock, half an hour per statement, this OS user on this host. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofMinutes(30), System.getProperty("user.name"), localHostName());
        }
    }

    /**
     * A check that runs while the applier holds the lock, after the ledger was read and before the
     * first pending patch is applied, so what it judges is exactly what will be applied. It
     * refuses by throwing {@link PatchRefusedException}. The connection is the applier's, in
     * auto-commit mode, and must be left so.
     */
    @FunctionalInterface
    public interface BeforeApplying {
        BeforeApplying NOTHING = (connection, applied, pending) -> {
        };

        void check(Connection connection, List<LedgerEntry> applied, List<Patch> pending) throws SQLException;
    }

    /** Work done while no patch is being applied; see {@link #whileNoPatchApplies}. */
    @FunctionalInterface
    public interface LockedWork<T> {
        T run() throws SQLException;
    }

    private SchemaPatcher() {
    }

    public static ApplyResult apply(DataSource dataSource, PatchSet patchSet, Options options) {
        return apply(dataSource, patchSet, options, BeforeApplying.NOTHING);
    }

    /** As {@link #apply(DataSource, PatchSet, Options)}, with a last check before anything is applied. */
    public static ApplyResult apply(DataSource dataSource, PatchSet patchSet, Options options, BeforeApplying check) {
        try (Connection connection = dataSource.getConnection(); LockWaits waits = LockWaits.of(dataSource, connection, options.lockTimeout())) {
            connection.setAutoCommit(true);
            noticeVanishedClient(connection, true);
            waits.watch("applying the patches of " + patchSet.component() + " (waiting for the appliers' advisory lock)", () -> {
                lock(connection);
                return null;
            });
            try {
                return applyLocked(connection, patchSet, options, check, waits);
            } finally {
                unlock(connection);
                noticeVanishedClient(connection, false);
            }
        } catch (SQLException e) {
            throw new PatchException("cannot apply the patches of " + patchSet.component() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A killed applier's session, and with it the advisory lock and the open patch transaction,
     * would otherwise live on until its running statement ends (a long index build): PostgreSQL 14
     * and later can poll the client's socket while a statement runs and end the session once it is
     * gone. Reset afterwards, as a service's pooled connection is reused.
     */
    private static void noticeVanishedClient(Connection connection, boolean on) throws SQLException {
        if (connection.getMetaData().getDatabaseMajorVersion() < 14) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(on ? "SET client_connection_check_interval = '1s'" : "RESET client_connection_check_interval");
        }
    }

    private static ApplyResult applyLocked(Connection connection, PatchSet patchSet, Options options, BeforeApplying check,
            LockWaits waits) throws SQLException {
        // First, so that DDL run by hand from now on is on record; false (and a warning) for a role that may not.
        Provenance.install(connection);
        Ledger.create(connection);
        PartialPatches.create(connection);
        RepeatablePatches.create(connection);
        List<LedgerEntry> entries = Ledger.read(connection, patchSet.component());
        Map<String, LedgerEntry> applied = entries.stream().collect(Collectors.toMap(LedgerEntry::patchName, Function.identity()));
        List<Patch> pending = new ArrayList<>(patchSet.patches().stream()
                .filter(patch -> !patch.repeatable() && !applied.containsKey(patch.name())).toList());
        List<String> unknown = refuseInconsistentLedger(patchSet, entries, pending, options);
        pending.addAll(repeatablesToApply(connection, patchSet, applied));
        refuseTransactionControl(patchSet.component(), pending);
        check.check(connection, entries, List.copyOf(pending));
        List<String> appliedNow = new ArrayList<>();
        for (Patch patch : pending) {
            applyOne(connection, patchSet.component(), patch, options, waits);
            appliedNow.add(patch.name());
        }
        return new ApplyResult(patchSet.component(), appliedNow, applied.size(), unknown);
    }

    /**
     * The repeatable patches to run after the versioned ones, in their listed order: those never
     * applied, and those whose text changed to a version never applied here. A version that was
     * applied once and replaced since is an older build's: it is not put back.
     */
    private static List<Patch> repeatablesToApply(Connection connection, PatchSet patchSet, Map<String, LedgerEntry> applied)
            throws SQLException {
        List<Patch> changed = new ArrayList<>();
        for (Patch patch : patchSet.patches()) {
            LedgerEntry entry = applied.get(patch.name());
            if (!patch.repeatable() || (entry != null && entry.checksum().equals(patch.checksum()))) {
                continue;
            }
            java.util.Optional<java.time.Instant> replaced = entry == null ? java.util.Optional.empty()
                    : RepeatablePatches.lastApplied(connection, patchSet.component(), patch.name(), patch.checksum());
            if (replaced.isPresent()) {
                log.warn("repeatable patch {} of {}: this build's version was applied on {} and replaced since by a newer one"
                        + " (applied {} by {}): an older build than the database, as in a rolling deploy; leaving the newer one",
                        patch.name(), patchSet.component(), replaced.get(), entry.appliedAt(), entry.appliedBy());
            } else {
                changed.add(patch);
            }
        }
        return changed;
    }

    /** Before anything runs: a transactional patch that commits or rolls back in its middle would not be all-or-nothing. */
    private static void refuseTransactionControl(String component, List<Patch> pending) {
        for (Patch patch : pending) {
            java.util.OptionalInt index = patch.transactionControl();
            if (patch.transactional() && index.isPresent()) {
                String statement = Patch.withoutLeadingComments(patch.statements().get(index.getAsInt())).strip();
                throw new PatchRefusedException("patch " + patch.name() + " of " + component + " controls its own transaction at statement "
                        + (index.getAsInt() + 1) + " (" + statement.lines().findFirst().orElse(statement) + "): a patch runs in one transaction,"
                        + " all or nothing, and a COMMIT or ROLLBACK in it would break that. Nothing was applied. Remove the statement, or"
                        + " split the patch in two.");
            }
        }
    }

    /**
     * Refuses an edited applied patch (unless drift is allowed) and a database this build must not
     * run against; returns the applied patches this build does not know, in ledger order. Those
     * are tolerated, with a warning, for a rolling deploy: the database is patched first while the
     * older build keeps running and restarting. Not when one of them breaks older builds, nor when
     * this build still has patches to apply, which would then run after newer ones.
     */
    private static List<String> refuseInconsistentLedger(PatchSet patchSet, List<LedgerEntry> entries, List<Patch> pending,
            Options options) {
        Map<String, Patch> known = patchSet.patches().stream().collect(Collectors.toMap(Patch::name, Function.identity()));
        List<LedgerEntry> unknown = new ArrayList<>();
        for (LedgerEntry entry : entries) {
            Patch patch = known.get(entry.patchName());
            if (patch == null) {
                unknown.add(entry);
            } else if (!patch.repeatable() && !patch.checksum().equals(entry.checksum())) {
                String edited = "patch " + entry.patchName() + " of " + patchSet.component()
                        + " was edited after it was applied (ledger checksum " + entry.checksum()
                        + ", file checksum " + patch.checksum() + ")";
                if (!options.driftAllowed()) {
                    throw new PatchRefusedException(edited + ": write a new patch instead");
                }
                log.warn("{}; going ahead as drift is allowed", edited);
            }
        }
        if (unknown.isEmpty()) {
            return List.of();
        }
        List<String> names = unknown.stream().map(LedgerEntry::patchName).toList();
        unknown.stream().filter(LedgerEntry::breaksOlderBuilds).findFirst().ifPresent(breaking -> {
            throw new PatchRefusedException("the database has patch " + breaking.patchName() + " of " + patchSet.component()
                    + " applied (by " + breaking.appliedBy() + " at " + breaking.appliedAt() + "), which " + PatchSet.INDEX_FILE
                    + " does not list and which is marked as breaking older builds (" + Patch.BREAKS_OLDER_BUILDS_MARKER
                    + "): this build is older than the database and cannot run against it; deploy the build that has it."
                    + " Patches unknown to this build, in order: " + String.join(", ", names));
        });
        if (!pending.isEmpty()) {
            throw new PatchRefusedException("the database has patch " + names.getFirst() + " of " + patchSet.component()
                    + " applied, which " + PatchSet.INDEX_FILE + " does not list, and this build would apply "
                    + pending.getFirst().name() + " after it, out of order: the build and the database went separate ways."
                    + " Patches unknown to this build, in order: " + String.join(", ", names));
        }
        log.warn("the database has {} patch(es) of {} that this build does not know, first {}: an older build than the database,"
                + " as in a rolling deploy; starting, as none is marked as breaking older builds: {}",
                names.size(), patchSet.component(), names.getFirst(), String.join(", ", names));
        return names;
    }

    private static void applyOne(Connection connection, String component, Patch patch, Options options, LockWaits waits)
            throws SQLException {
        long started = System.nanoTime();
        PatchRun run = PatchRun.of(patch, options);
        if (run.transactional()) {
            connection.setAutoCommit(false);
            try {
                execute(connection, run.setup());
                runStatements(connection, component, run, 0, null, waits);
                if (patch.repeatable()) {
                    Ledger.recordRepeatable(connection, entry(component, patch, options, started));
                    RepeatablePatches.record(connection, component, patch, options.appliedBy());
                } else {
                    Ledger.record(connection, entry(component, patch, options, started));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } else {
            int from = resumePoint(connection, component, patch);
            execute(connection, run.setup());
            try {
                runStatements(connection, component, run, from, options.appliedBy() + " from " + options.appliedFrom(), waits);
            } finally {
                execute(connection, run.cleanup());
            }
            recordFinished(connection, entry(component, patch, options, started));
        }
        log.info("applied patch {} of {} in {} ms", patch.name(), component, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Where a non-transactional patch starts: after the statements an earlier run completed, once
     * the index that run's failed {@code CREATE INDEX CONCURRENTLY} left INVALID is dropped.
     */
    private static int resumePoint(Connection connection, String component, Patch patch) throws SQLException {
        java.util.Optional<PartialPatch> partial = PartialPatches.find(connection, component, patch.name());
        if (partial.isEmpty()) {
            return 0;
        }
        PartialPatch begun = partial.get();
        if (!begun.completedPartIsUnchangedIn(patch)) {
            throw new PatchRefusedException("patch " + patch.name() + " of " + component + " was begun on " + begun.startedAt()
                    + " by " + begun.startedBy() + " (" + begun.describe() + "), and its first " + begun.statementsDone()
                    + " statement(s), which are applied, were edited since: the tool cannot tell what the database has."
                    + " Restore those statements as they were (only the statements after them may change), or undo them by hand and"
                    + " DELETE FROM granary_patches.partial WHERE component = '" + component + "' AND patch_name = '" + patch.name() + "'");
        }
        if (begun.statementsDone() < patch.statements().size()) {
            String next = patch.statements().get(begun.statementsDone());
            java.util.Optional<String> leftover = LeftoverIndex.leftBy(connection, next);
            if (leftover.isPresent()) {
                log.warn("dropping the INVALID index {} that statement {} of patch {} left when it failed, to build it again",
                        leftover.get(), begun.statementsDone() + 1, patch.name());
                LeftoverIndex.drop(connection, leftover.get());
            }
        }
        log.warn("resuming patch {} of {} at statement {} of {}: {} (begun {} by {})", patch.name(), component,
                begun.statementsDone() + 1, patch.statements().size(), begun.describe(), begun.startedAt(), begun.startedBy());
        return begun.statementsDone();
    }

    /** The ledger row and the end of the patch's progress row, together. */
    private static void recordFinished(Connection connection, LedgerEntry entry) throws SQLException {
        connection.setAutoCommit(false);
        try {
            Ledger.record(connection, entry);
            PartialPatches.finished(connection, entry.component(), entry.patchName());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** @param startedBy who runs a non-transactional patch, for its progress row; null for a transactional one */
    private static void runStatements(Connection connection, String component, PatchRun run, int from, String startedBy,
            LockWaits waits) throws SQLException {
        List<String> statements = run.statements();
        if (!run.transactional()) {
            PartialPatches.progress(connection, component, run.patch(), from, startedBy);
        }
        for (int index = from; index < statements.size(); index++) {
            String sql = statements.get(index);
            try (Statement statement = connection.createStatement()) {
                waits.watch("statement " + (index + 1) + " of patch " + run.patch().name() + " of " + component, () -> statement.execute(sql));
            } catch (SQLException e) {
                throw failed(connection, component, run, index, e, waits);
            }
            if (!run.transactional()) {
                PartialPatches.progress(connection, component, run.patch(), index + 1, startedBy);
            }
        }
    }

    private static PatchException failed(Connection connection, String component, PatchRun run, int index, SQLException e,
            LockWaits waits) {
        List<String> statements = run.statements();
        String where = "patch " + run.patch().name() + " of " + component + " failed at statement " + (index + 1) + " of "
                + statements.size() + " (SQLSTATE " + e.getSQLState() + "): " + e.getMessage() + "\n  statement: " + statements.get(index)
                + waits.describeLastSeen();
        if (run.transactional()) {
            return new PatchException(where + "\n  the patch was rolled back; the database is as before it", e);
        }
        java.util.Optional<String> leftover = java.util.Optional.empty();
        try {
            PartialPatches.failed(connection, component, run.patch(), index, e.getMessage());
            leftover = LeftoverIndex.leftBy(connection, statements.get(index));
        } catch (SQLException lost) {
            e.addSuppressed(lost); // the session itself is gone: the progress row still says what completed
        }
        return new PatchException(where + "\n  the patch is non-transactional: its first " + index + " statement(s) stay applied and are"
                + " recorded in granary_patches.partial; fix the cause (the statements from " + (index + 1) + " on may be edited)"
                + " and apply again: it resumes at statement " + (index + 1)
                + leftover.map(name -> "\n  it left the INVALID index " + name + ", which the next apply drops (CONCURRENTLY) before"
                        + " building it again").orElse(""), e);
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static LedgerEntry entry(String component, Patch patch, Options options, long startedNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        return new LedgerEntry(component, patch.name(), patch.checksum(), options.appliedBy(), options.appliedFrom(),
                java.time.Instant.now(), took, options.driftAllowed(), options.stage(), patch.breaksOlderBuilds());
    }

    /**
     * Runs {@code work} while the connection's session holds the appliers' lock, so that no patch
     * is applied meanwhile: for readers that must see a ledger and a schema that agree, such as the
     * DBA's drift check. {@code waiting} runs first when another session holds the lock.
     */
    public static <T> T whileNoPatchApplies(Connection connection, Runnable waiting, LockedWork<T> work) throws SQLException {
        boolean locked;
        try (Statement statement = connection.createStatement();
                var row = statement.executeQuery("SELECT pg_try_advisory_lock(" + ADVISORY_LOCK_KEY + ")")) {
            row.next();
            locked = row.getBoolean(1);
        }
        if (!locked) {
            waiting.run();
            lock(connection);
        }
        try {
            return work.run();
        } finally {
            unlock(connection);
        }
    }

    private static void lock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK_KEY + ")");
        }
    }

    private static void unlock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_unlock(" + ADVISORY_LOCK_KEY + ")");
        }
    }

    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
