package org.granary.patches;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code granary_patches.ledger} in each database: which patches of which component
 * were applied there. It lives in its own schema so that it never mixes with a service's tables.
 */
public final class Ledger {
    static final String SCHEMA = "granary_patches";
    private static final String INSERT = """
            INSERT INTO granary_patches.ledger
                (component, patch_name, checksum, applied_by, applied_from, duration_ms, drift_allowed, stage, breaks_older_builds)
            VALUES (?, ?, ?, ? || ' as role ' || current_user,
                    ? || ' via ' || coalesce(host(inet_client_addr()), 'unix socket'), ?, ?, ?, ?)""";

    private Ledger() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS granary_patches.ledger (
                        component     text        NOT NULL,
                        patch_name    text        NOT NULL,
                        checksum      text        NOT NULL,
                        applied_by    text        NOT NULL,
                        applied_from  text        NOT NULL,
                        applied_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
                        duration_ms   bigint      NOT NULL,
                        drift_allowed boolean     NOT NULL DEFAULT false,
                        stage         text,
                        breaks_older_builds boolean NOT NULL DEFAULT false,
                        baseline      boolean     NOT NULL DEFAULT false,
                        transaction_id bigint DEFAULT txid_current(),
                        backend_pid   integer DEFAULT pg_backend_pid(),
                        PRIMARY KEY (component, patch_name))""");
            // Ledgers made before stages existed. Asked first because ALTER TABLE takes ACCESS
            // EXCLUSIVE even when IF NOT EXISTS makes it do nothing, and would queue behind a reader.
            if (!hasColumn(connection, "stage")) {
                statement.execute("ALTER TABLE granary_patches.ledger ADD COLUMN IF NOT EXISTS stage text");
            }
            // Likewise for ledgers made before the breaks-older-builds marker: their patches did not have it.
            if (!hasColumn(connection, "breaks_older_builds")) {
                statement.execute("ALTER TABLE granary_patches.ledger ADD COLUMN IF NOT EXISTS breaks_older_builds boolean NOT NULL DEFAULT false");
            }
            // Likewise for ledgers made before baselines: every patch in them was run by the tool.
            if (!hasColumn(connection, "baseline")) {
                statement.execute("ALTER TABLE granary_patches.ledger ADD COLUMN IF NOT EXISTS baseline boolean NOT NULL DEFAULT false");
            }
            // The transaction and session a patch was applied in, so the DDL log's rows naming it
            // can be told from DDL run by hand naming it (drift.PatchClaims). Added without the
            // default, then given it: a volatile default would fill the old rows with this transaction.
            if (!hasColumn(connection, "transaction_id")) {
                statement.execute("ALTER TABLE granary_patches.ledger ADD COLUMN IF NOT EXISTS transaction_id bigint,"
                        + " ADD COLUMN IF NOT EXISTS backend_pid integer");
                statement.execute("ALTER TABLE granary_patches.ledger ALTER COLUMN transaction_id SET DEFAULT txid_current(),"
                        + " ALTER COLUMN backend_pid SET DEFAULT pg_backend_pid()");
            }
        }
    }

    /** The entries of one component, oldest first; empty when the ledger does not exist yet. */
    public static List<LedgerEntry> read(Connection connection, String component) throws SQLException {
        if (!exists(connection)) {
            return List.of();
        }
        // A ledger not yet touched by this version has no stage column; reading must not change it.
        String stage = hasColumn(connection, "stage") ? "stage" : "NULL";
        String breaksOlderBuilds = hasColumn(connection, "breaks_older_builds") ? "breaks_older_builds" : "false";
        try (var query = connection.prepareStatement("""
                SELECT component, patch_name, checksum, applied_by, applied_from, applied_at, duration_ms, drift_allowed,\s"""
                + stage + ", " + breaksOlderBuilds + " FROM granary_patches.ledger WHERE component = ? ORDER BY applied_at, patch_name")) {
            query.setString(1, component);
            try (ResultSet rows = query.executeQuery()) {
                List<LedgerEntry> entries = new ArrayList<>();
                while (rows.next()) {
                    entries.add(new LedgerEntry(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getTimestamp(6).toInstant(),
                            Duration.ofMillis(rows.getLong(7)), rows.getBoolean(8), rows.getString(9),
                            rows.getBoolean(10)));
                }
                return entries;
            }
        }
    }

    static void record(Connection connection, LedgerEntry entry) throws SQLException {
        write(connection, entry, INSERT);
    }

    /** A repeatable patch's row: its first run inserts it, a later run of a changed version replaces it. */
    static void recordRepeatable(Connection connection, LedgerEntry entry) throws SQLException {
        write(connection, entry, INSERT + """

                ON CONFLICT (component, patch_name) DO UPDATE
                SET checksum = excluded.checksum, applied_by = excluded.applied_by, applied_from = excluded.applied_from,
                    applied_at = clock_timestamp(), duration_ms = excluded.duration_ms, drift_allowed = excluded.drift_allowed,
                    stage = excluded.stage, transaction_id = txid_current(), backend_pid = pg_backend_pid()""");
    }

    private static void write(Connection connection, LedgerEntry entry, String sql) throws SQLException {
        try (var insert = connection.prepareStatement(sql)) {
            insert.setString(1, entry.component());
            insert.setString(2, entry.patchName());
            insert.setString(3, entry.checksum());
            insert.setString(4, entry.appliedBy());
            insert.setString(5, entry.appliedFrom());
            insert.setLong(6, entry.duration().toMillis());
            insert.setBoolean(7, entry.driftAllowed());
            insert.setString(8, entry.stage());
            insert.setBoolean(9, entry.breaksOlderBuilds());
            insert.executeUpdate();
        }
    }

    /**
     * Records a patch the database already had without the tool running it ({@link Baseline}):
     * the row {@link #record} writes, marked {@code baseline}. In the caller's transaction.
     */
    static void recordBaseline(Connection connection, LedgerEntry entry) throws SQLException {
        record(connection, entry);
        try (var mark = connection.prepareStatement("UPDATE granary_patches.ledger SET baseline = true WHERE component = ? AND patch_name = ?")) {
            mark.setString(1, entry.component());
            mark.setString(2, entry.patchName());
            mark.executeUpdate();
        }
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (var query = connection.prepareStatement("SELECT to_regclass('granary_patches.ledger') IS NOT NULL");
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getBoolean(1);
        }
    }

    private static boolean hasColumn(Connection connection, String column) throws SQLException {
        try (var query = connection.prepareStatement("""
                SELECT EXISTS (SELECT FROM pg_attribute
                               WHERE attrelid = 'granary_patches.ledger'::regclass AND attname = ? AND NOT attisdropped)""")) {
            query.setString(1, column);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
