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
 * an applied patch was edited since, or when the ledger holds patches this set does not know.
 */
public final class SchemaPatcher {
    private static final Logger log = LoggerFactory.getLogger(SchemaPatcher.class);
    /** Arbitrary, fixed: "granary" in ASCII, so that other tools' advisory locks stay clear of ours. */
    static final long ADVISORY_LOCK_KEY = 0x6772616e617279L;

    /** Limits and identity for one run. */
    public record Options(Duration lockTimeout, Duration statementTimeout, String appliedBy, String appliedFrom) {
        public Options {
            requireNonNull(lockTimeout, "lockTimeout is null");
            requireNonNull(statementTimeout, "statementTimeout is null");
            requireNonNull(appliedBy, "appliedBy is null");
            requireNonNull(appliedFrom, "appliedFrom is null");
        }

        /** Ten seconds to get a lock, half an hour per statement, this OS user on this host. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofMinutes(30), System.getProperty("user.name"), localHostName());
        }
    }

    private SchemaPatcher() {
    }

    public static ApplyResult apply(DataSource dataSource, PatchSet patchSet, Options options) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            lock(connection);
            try {
                return applyLocked(connection, patchSet, options);
            } finally {
                unlock(connection);
            }
        } catch (SQLException e) {
            throw new PatchException("cannot apply the patches of " + patchSet.component() + ": " + e.getMessage(), e);
        }
    }

    private static ApplyResult applyLocked(Connection connection, PatchSet patchSet, Options options) throws SQLException {
        Ledger.create(connection);
        Map<String, LedgerEntry> applied = Ledger.read(connection, patchSet.component()).stream()
                .collect(Collectors.toMap(LedgerEntry::patchName, Function.identity()));
        refuseInconsistentLedger(patchSet, applied);
        List<String> appliedNow = new ArrayList<>();
        for (Patch patch : patchSet.patches()) {
            if (!applied.containsKey(patch.name())) {
                applyOne(connection, patchSet.component(), patch, options);
                appliedNow.add(patch.name());
            }
        }
        return new ApplyResult(patchSet.component(), appliedNow, applied.size());
    }

    private static void refuseInconsistentLedger(PatchSet patchSet, Map<String, LedgerEntry> applied) {
        Map<String, Patch> known = patchSet.patches().stream().collect(Collectors.toMap(Patch::name, Function.identity()));
        for (LedgerEntry entry : applied.values()) {
            Patch patch = known.get(entry.patchName());
            if (patch == null) {
                throw new PatchException("the database has patch " + entry.patchName() + " of " + patchSet.component()
                        + " applied (by " + entry.appliedBy() + " at " + entry.appliedAt()
                        + "), but " + PatchSet.INDEX_FILE + " does not list it: is this an older build than the database?");
            }
            if (!patch.checksum().equals(entry.checksum())) {
                throw new PatchException("patch " + entry.patchName() + " of " + patchSet.component()
                        + " was edited after it was applied (ledger checksum " + entry.checksum()
                        + ", file checksum " + patch.checksum() + "): write a new patch instead");
            }
        }
    }

    private static void applyOne(Connection connection, String component, Patch patch, Options options) throws SQLException {
        long started = System.nanoTime();
        if (patch.transactional()) {
            connection.setAutoCommit(false);
            try {
                setTimeouts(connection, options, "SET LOCAL");
                runStatements(connection, component, patch);
                Ledger.record(connection, entry(component, patch, options, started));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } else {
            setTimeouts(connection, options, "SET");
            try {
                runStatements(connection, component, patch);
            } finally {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("RESET lock_timeout; RESET statement_timeout");
                }
            }
            Ledger.record(connection, entry(component, patch, options, started));
        }
        log.info("applied patch {} of {} in {} ms", patch.name(), component, (System.nanoTime() - started) / 1_000_000);
    }

    private static void runStatements(Connection connection, String component, Patch patch) throws SQLException {
        List<String> statements = patch.statements();
        for (int index = 0; index < statements.size(); index++) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(statements.get(index));
            } catch (SQLException e) {
                throw new PatchException("patch " + patch.name() + " of " + component + " failed at statement "
                        + (index + 1) + " of " + statements.size() + " (SQLSTATE " + e.getSQLState() + "): "
                        + e.getMessage() + "\n  statement: " + statements.get(index)
                        + (patch.transactional() ? "\n  the patch was rolled back; the database is as before it"
                                : "\n  the patch is non-transactional: statements before this one stay applied"), e);
            }
        }
    }

    private static void setTimeouts(Connection connection, Options options, String set) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(set + " lock_timeout = " + options.lockTimeout().toMillis());
            statement.execute(set + " statement_timeout = " + options.statementTimeout().toMillis());
        }
    }

    private static LedgerEntry entry(String component, Patch patch, Options options, long startedNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        return new LedgerEntry(component, patch.name(), patch.checksum(), options.appliedBy(), options.appliedFrom(),
                java.time.Instant.now(), took, false);
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
