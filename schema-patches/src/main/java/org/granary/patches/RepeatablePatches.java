package org.granary.patches;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * The table {@code granary_patches.repeatable_applied}: every version of a repeatable patch that was
 * applied, with its text. The ledger holds only the latest; this history lets the drift check replay
 * the version the database has even when the checkout has a newer one, and lets an older build tell
 * that the version it carries was replaced since, so that it does not put it back (a rolling deploy
 * restarts older builds after the database was patched).
 */
public final class RepeatablePatches {
    private RepeatablePatches() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS granary_patches.repeatable_applied (
                        component  text        NOT NULL,
                        patch_name text        NOT NULL,
                        checksum   text        NOT NULL,
                        sql        text        NOT NULL,
                        applied_by text        NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                        PRIMARY KEY (component, patch_name, checksum, applied_at))""");
        }
    }

    /** Records this version as applied now, in the caller's transaction (with the ledger row). */
    static void record(Connection connection, String component, Patch patch, String appliedBy) throws SQLException {
        try (var insert = connection.prepareStatement("""
                INSERT INTO granary_patches.repeatable_applied (component, patch_name, checksum, sql, applied_by)
                VALUES (?, ?, ?, ?, ? || ' as role ' || current_user)""")) {
            insert.setString(1, component);
            insert.setString(2, patch.name());
            insert.setString(3, patch.checksum());
            insert.setString(4, patch.sql());
            insert.setString(5, appliedBy);
            insert.executeUpdate();
        }
    }

    /** The text of the version with {@code checksum}, if it was ever applied here. */
    public static Optional<String> appliedText(Connection connection, String component, String patchName, String checksum)
            throws SQLException {
        if (!exists(connection)) {
            return Optional.empty();
        }
        try (var query = connection.prepareStatement("""
                SELECT sql FROM granary_patches.repeatable_applied WHERE component = ? AND patch_name = ? AND checksum = ? LIMIT 1""")) {
            query.setString(1, component);
            query.setString(2, patchName);
            query.setString(3, checksum);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /** When the version with {@code checksum} was last applied here, if ever. */
    static Optional<Instant> lastApplied(Connection connection, String component, String patchName, String checksum) throws SQLException {
        try (var query = connection.prepareStatement("""
                SELECT max(applied_at) FROM granary_patches.repeatable_applied WHERE component = ? AND patch_name = ? AND checksum = ?""")) {
            query.setString(1, component);
            query.setString(2, patchName);
            query.setString(3, checksum);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return Optional.ofNullable(row.getTimestamp(1)).map(java.sql.Timestamp::toInstant);
            }
        }
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT to_regclass('granary_patches.repeatable_applied') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
