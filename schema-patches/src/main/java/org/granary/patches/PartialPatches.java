package org.granary.patches;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The table {@code granary_patches.partial}: how far a non-transactional patch got. Its statements
 * run one by one, each committed as it ends, so a failure or a crash leaves the first ones applied;
 * a row here says how many, which one failed and why, so that the next apply resumes after them
 * instead of running them again (they would fail with "already exists"). The row goes in the same
 * transaction as the patch's ledger row.
 *
 * <p>Each completed statement is recorded right after it returns. A crash between the two makes the
 * next apply run that one statement again: statements of a non-transactional patch are best
 * written to be repeatable ({@code IF NOT EXISTS}), which the tool cannot do for them.
 */
public final class PartialPatches {
    private PartialPatches() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS granary_patches.partial (
                        component        text        NOT NULL,
                        patch_name       text        NOT NULL,
                        statements       int         NOT NULL,
                        statements_done  int         NOT NULL,
                        done_checksum    text        NOT NULL,
                        failed_statement int,
                        failure          text,
                        started_by       text        NOT NULL,
                        started_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
                        updated_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
                        PRIMARY KEY (component, patch_name))""");
        }
    }

    /** The patches of {@code component} that were begun and did not finish; empty when none (or no table yet). */
    public static List<PartialPatch> read(Connection connection, String component) throws SQLException {
        if (!exists(connection)) {
            return List.of();
        }
        try (var query = connection.prepareStatement("""
                SELECT component, patch_name, statements, statements_done, done_checksum, failed_statement, failure,
                       started_by, started_at, updated_at
                FROM granary_patches.partial WHERE component = ? ORDER BY started_at""")) {
            query.setString(1, component);
            try (ResultSet rows = query.executeQuery()) {
                List<PartialPatch> partial = new ArrayList<>();
                while (rows.next()) {
                    int failed = rows.getInt(6);
                    partial.add(new PartialPatch(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getInt(4),
                            rows.getString(5), rows.wasNull() ? null : failed, rows.getString(7), rows.getString(8),
                            rows.getTimestamp(9).toInstant(), rows.getTimestamp(10).toInstant()));
                }
                return partial;
            }
        }
    }

    static Optional<PartialPatch> find(Connection connection, String component, String patchName) throws SQLException {
        return read(connection, component).stream().filter(partial -> partial.patchName().equals(patchName)).findFirst();
    }

    /**
     * The INVALID index the statement a begun patch resumes at left when it failed, if any: the
     * resume drops and builds it again, so it is not drift meanwhile.
     */
    public static Optional<String> leftoverIndex(Connection connection, PartialPatch partial, Patch patch) throws SQLException {
        List<String> statements = patch.statements();
        if (partial.statementsDone() >= statements.size()) {
            return Optional.empty();
        }
        return LeftoverIndex.leftBy(connection, statements.get(partial.statementsDone()));
    }

    /** Records that {@code done} statements of the patch have completed (none failed since). */
    static void progress(Connection connection, String component, Patch patch, int done, String startedBy) throws SQLException {
        try (var upsert = connection.prepareStatement("""
                INSERT INTO granary_patches.partial (component, patch_name, statements, statements_done, done_checksum, started_by)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (component, patch_name) DO UPDATE
                SET statements = excluded.statements, statements_done = excluded.statements_done,
                    done_checksum = excluded.done_checksum, failed_statement = NULL, failure = NULL, updated_at = clock_timestamp()""")) {
            upsert.setString(1, component);
            upsert.setString(2, patch.name());
            upsert.setInt(3, patch.statements().size());
            upsert.setInt(4, done);
            upsert.setString(5, checksumOfFirst(patch.statements(), done));
            upsert.setString(6, startedBy);
            upsert.executeUpdate();
        }
    }

    /** Records that statement {@code failedIndex} (from 0) failed with {@code failure}. */
    static void failed(Connection connection, String component, Patch patch, int failedIndex, String failure) throws SQLException {
        try (var update = connection.prepareStatement("""
                UPDATE granary_patches.partial SET failed_statement = ?, failure = ?, updated_at = clock_timestamp()
                WHERE component = ? AND patch_name = ?""")) {
            update.setInt(1, failedIndex + 1);
            update.setString(2, failure);
            update.setString(3, component);
            update.setString(4, patch.name());
            update.executeUpdate();
        }
    }

    /** Done: the patch is in the ledger now, in this same transaction. */
    static void finished(Connection connection, String component, String patchName) throws SQLException {
        if (!exists(connection)) {
            return;
        }
        try (var delete = connection.prepareStatement("DELETE FROM granary_patches.partial WHERE component = ? AND patch_name = ?")) {
            delete.setString(1, component);
            delete.setString(2, patchName);
            delete.executeUpdate();
        }
    }

    /**
     * SHA-256 of the first {@code count} statements, each followed by a NUL: the completed part of
     * a patch, which must not change before it resumes (the statements after it may, to fix the one
     * that failed).
     */
    static String checksumOfFirst(List<String> statements, int count) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String statement : statements.subList(0, count)) {
                digest.update(statement.strip().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT to_regclass('granary_patches.partial') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
