package org.granary.metadatasync.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.granary.metadatasync.jdbc.KeyArrayLookup;
import org.granary.metadatasync.record.SyncRecord;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Objects.requireNonNull;

/** metadata-sync's own tables: per-file agreement, conflicts, quarantine, the feed's cursor. */
public final class SyncStore {
    private final DataSource dataSource;
    private final JsonMapper json;

    public SyncStore(DataSource dataSource, JsonMapper json) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.json = requireNonNull(json, "json is null");
    }

    Map<String, FileState> states(Collection<String> fileNames) throws SQLException {
        Map<String, FileState> states = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = KeyArrayLookup.plannedPerCall(connection.prepareStatement("""
                SELECT file_name, agreed_hash, agreed_record::text, legacy_changed_at, catalog_changed_at
                FROM sync_file WHERE file_name = ANY (?)"""))) {
            query.setArray(1, connection.createArrayOf("text", fileNames.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getString(1), new FileState(rows.getString(1), rows.getString(2), rows.getString(3),
                            instant(rows.getTimestamp(4)), instant(rows.getTimestamp(5))));
                }
            }
        }
        return states;
    }

    /** An agreement reached by a change of {@code side} made at {@code changedAt}, one per file, in one transaction. */
    void agree(List<Agreement> agreements) throws SQLException {
        if (agreements.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO sync_file AS s (file_name, agreed_hash, agreed_record, agreed_at, legacy_changed_at, catalog_changed_at)
                VALUES (?, ?, CAST(? AS jsonb), now(), ?, ?)
                ON CONFLICT (file_name) DO UPDATE
                SET agreed_hash = excluded.agreed_hash, agreed_record = excluded.agreed_record, agreed_at = now(),
                    legacy_changed_at = coalesce(excluded.legacy_changed_at, s.legacy_changed_at),
                    catalog_changed_at = coalesce(excluded.catalog_changed_at, s.catalog_changed_at)""");
                PreparedStatement unquarantine = connection.prepareStatement("DELETE FROM quarantine WHERE file_name = ?")) {
            connection.setAutoCommit(false);
            for (Agreement agreement : agreements) {
                upsert.setString(1, agreement.fileName());
                upsert.setString(2, agreement.record() == null ? null : agreement.record().hash());
                upsert.setString(3, agreement.record() == null ? null : json.writeValueAsString(agreement.record()));
                upsert.setTimestamp(4, agreement.legacyChangedAt() == null ? null : Timestamp.from(agreement.legacyChangedAt()));
                upsert.setTimestamp(5, agreement.catalogChangedAt() == null ? null : Timestamp.from(agreement.catalogChangedAt()));
                upsert.addBatch();
                unquarantine.setString(1, agreement.fileName());
                unquarantine.addBatch();
            }
            upsert.executeBatch();
            unquarantine.executeBatch();
            connection.commit();
        }
    }

    /** Both sides agree on {@code record} (null: the file exists on neither) since a change of one side at the given time. */
    record Agreement(String fileName, SyncRecord record, Instant legacyChangedAt, Instant catalogChangedAt) {
    }

    void conflict(String fileName, String esdt, String winner, SyncRecord legacy, SyncRecord catalogue) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO conflict (file_name, esdt, winner, legacy_value, catalog_value) VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))""")) {
            insert.setString(1, fileName);
            insert.setString(2, esdt);
            insert.setString(3, winner);
            insert.setString(4, legacy == null ? null : json.writeValueAsString(legacy));
            insert.setString(5, catalogue == null ? null : json.writeValueAsString(catalogue));
            insert.executeUpdate();
        }
    }

    /** Puts a legacy row in quarantine with its reason, or counts one more attempt for one already there. */
    void quarantine(String fileName, String reason, Object legacyValue) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO quarantine AS q (file_name, reason, legacy_value) VALUES (?, ?, CAST(? AS jsonb))
                ON CONFLICT (file_name) DO UPDATE SET reason = excluded.reason, legacy_value = excluded.legacy_value,
                    last_tried_at = now(), attempts = q.attempts + 1""")) {
            upsert.setString(1, fileName);
            upsert.setString(2, reason);
            upsert.setString(3, legacyValue == null ? null : json.writeValueAsString(legacyValue));
            upsert.executeUpdate();
        }
    }

    /** Up to {@code limit} quarantined file names, those tried longest ago first. */
    public List<String> quarantinedToRetry(int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT file_name FROM quarantine ORDER BY last_tried_at LIMIT ?")) {
            query.setInt(1, limit);
            try (ResultSet rows = query.executeQuery()) {
                java.util.ArrayList<String> names = new java.util.ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                return names;
            }
        }
    }

    public Optional<String> cursor(String feed) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT cursor FROM catalog_cursor WHERE name = ?")) {
            query.setString(1, feed);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    public void saveCursor(String feed, String cursor) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO catalog_cursor (name, cursor) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = now()""")) {
            upsert.setString(1, feed);
            upsert.setString(2, cursor);
            upsert.executeUpdate();
        }
    }

    SyncRecord record(String json) {
        return this.json.readValue(json, SyncRecord.class);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
