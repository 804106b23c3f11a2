package org.granary.metadatasync.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The quarantine and the conflict log as lists of rows, their JSON values as JSON. */
@Component
class SyncLists {
    private final DataSource dataSource;
    private final JsonMapper json;

    SyncLists(DataSource dataSource, JsonMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    List<Map<String, Object>> quarantine(int limit) throws SQLException {
        return rows("""
                SELECT file_name AS "fileName", reason, legacy_value::text AS "legacyValue", first_seen_at AS "firstSeenAt",
                       last_tried_at AS "lastTriedAt", attempts
                FROM quarantine ORDER BY first_seen_at, file_name LIMIT ?""", limit);
    }

    List<Map<String, Object>> conflicts(int limit) throws SQLException {
        return rows("""
                SELECT id, file_name AS "fileName", esdt, winner, legacy_value::text AS "legacyValue", catalog_value::text AS "catalogueValue",
                       detected_at AS "detectedAt"
                FROM conflict ORDER BY id DESC LIMIT ?""", limit);
    }

    long count(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM " + ("conflict".equals(table) ? "conflict" : "quarantine")); ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private List<Map<String, Object>> rows(String sql, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setInt(1, limit);
            try (ResultSet result = query.executeQuery()) {
                ResultSetMetaData columns = result.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= columns.getColumnCount(); column++) {
                        String name = columns.getColumnLabel(column);
                        Object value = result.getObject(column);
                        if (value instanceof java.sql.Timestamp timestamp) {
                            value = timestamp.toInstant();
                        } else if (name.endsWith("Value") && value instanceof String text) {
                            value = json.readTree(text);
                        }
                        row.put(name, value);
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }
}
