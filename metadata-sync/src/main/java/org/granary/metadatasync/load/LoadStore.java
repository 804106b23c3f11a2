package org.granary.metadatasync.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

import static java.util.Objects.requireNonNull;

/** The {@code initial_load} table of metadata-sync's database: one row per load, its cursor moved after each chunk. */
public final class LoadStore {
    private static final String COLUMNS = "id, reason, started_at, finished_at, after_file_name, rows_loaded, estimated_rows, updated_at, last_error";

    private final DataSource dataSource;

    public LoadStore(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    /** The newest load, finished or not. */
    public Optional<LoadProgress> latest() throws SQLException {
        return one("SELECT " + COLUMNS + " FROM initial_load ORDER BY id DESC LIMIT 1");
    }

    /** The load not yet finished, if any (there is at most one). */
    Optional<LoadProgress> unfinished() throws SQLException {
        return one("SELECT " + COLUMNS + " FROM initial_load WHERE finished_at IS NULL");
    }

    /** Whether a load ever finished. */
    boolean anyFinished() throws SQLException {
        return one("SELECT " + COLUMNS + " FROM initial_load WHERE finished_at IS NOT NULL LIMIT 1").isPresent();
    }

    LoadProgress begin(String reason, long estimatedFiles) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO initial_load (reason, estimated_rows) VALUES (?, ?) RETURNING " + COLUMNS)) {
            insert.setString(1, reason);
            insert.setLong(2, estimatedFiles);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return progress(row);
            }
        }
    }

    /** The chunk up to {@code afterFileName} was applied; {@code finished}: it was the last. */
    void advance(long id, String afterFileName, int files, boolean finished) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement("""
                UPDATE initial_load SET after_file_name = ?, rows_loaded = rows_loaded + ?, updated_at = now(), last_error = NULL,
                                        finished_at = CASE WHEN ? THEN now() END
                WHERE id = ?""")) {
            update.setString(1, afterFileName);
            update.setLong(2, files);
            update.setBoolean(3, finished);
            update.setLong(4, id);
            update.executeUpdate();
        }
    }

    void failed(long id, String error) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE initial_load SET last_error = ?, updated_at = now() WHERE id = ?")) {
            update.setString(1, error);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    private Optional<LoadProgress> one(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql);
                ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(progress(row)) : Optional.empty();
        }
    }

    private static LoadProgress progress(ResultSet row) throws SQLException {
        long estimated = row.getLong(7);
        Long estimatedFiles = row.wasNull() ? null : estimated;
        return new LoadProgress(row.getLong(1), row.getString(2), instant(row.getTimestamp(3)), instant(row.getTimestamp(4)), row.getString(5),
                row.getLong(6), estimatedFiles, instant(row.getTimestamp(8)), row.getString(9));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
