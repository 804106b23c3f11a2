package org.granary.metadatasync.reconcile;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.granary.metadatasync.jdbc.KeyArrayLookup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Objects.requireNonNull;

/** Reconciliation reports, their differences and the repair audit, in metadata-sync's database. */
public final class ReconciliationStore {
    private final DataSource dataSource;
    private final JsonMapper json;

    public ReconciliationStore(DataSource dataSource, JsonMapper json) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.json = requireNonNull(json, "json is null");
    }

    /** A new report, running. */
    public long start(String trigger, String requestedBy, RangeFilter filter) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO reconciliation (trigger, requested_by, filter) VALUES (?, ?, CAST(? AS jsonb)) RETURNING id")) {
            insert.setString(1, trigger);
            insert.setString(2, requestedBy);
            insert.setString(3, json.writeValueAsString(filter));
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Whether a reconciliation is running. */
    public boolean running() throws SQLException {
        return !strings("SELECT id::text FROM reconciliation WHERE state = 'running' LIMIT 1", List.of()).isEmpty();
    }

    /** Reports left running by a stop of the service: they will not finish. */
    public void abandonRunning() throws SQLException {
        update("UPDATE reconciliation SET state = 'failed', finished_at = now(), error = 'stopped with the service' WHERE state = 'running'",
                List.of());
    }

    public void fail(long id, String error) throws SQLException {
        update("UPDATE reconciliation SET state = 'failed', finished_at = now(), error = ? WHERE id = ?", List.of(error, id));
    }

    /** The counts and the differences, in one transaction. */
    public void finish(long id, Reconciler.Outcome outcome, Recheck.Result result) throws SQLException {
        Map<Difference.Kind, Long> counts = new HashMap<>();
        result.differences().forEach(difference -> counts.merge(difference.kind(), 1L, Long::sum));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO reconciliation_difference (reconciliation_id, file_name, kind, fields, legacy_value, catalogue_value)
                    VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))""");
                    PreparedStatement header = connection.prepareStatement("""
                    UPDATE reconciliation SET state = 'finished', finished_at = now(), legacy_rows = ?, catalogue_rows = ?, ranges_compared = ?,
                        rows_fetched = ?, missing_on_catalogue = ?, missing_on_legacy = ?, different = ?, unsettled = ? WHERE id = ?""")) {
                for (Difference difference : result.differences()) {
                    insert.setLong(1, id);
                    insert.setString(2, difference.fileName());
                    insert.setString(3, difference.kind().label());
                    insert.setArray(4, connection.createArrayOf("text", difference.fieldNames().toArray()));
                    insert.setString(5, value(difference.legacy()));
                    insert.setString(6, value(difference.catalogue()));
                    insert.addBatch();
                }
                insert.executeBatch();
                Object[] values = {outcome.legacyRows(), outcome.catalogueRows(), outcome.rangesCompared(), outcome.rowsFetched(),
                    counts.getOrDefault(Difference.Kind.MISSING_ON_CATALOGUE, 0L), counts.getOrDefault(Difference.Kind.MISSING_ON_LEGACY, 0L),
                    counts.getOrDefault(Difference.Kind.DIFFERENT, 0L), (long) result.unsettled().size(), id};
                for (int i = 0; i < values.length; i++) {
                    header.setObject(i + 1, values[i]);
                }
                header.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private String value(SideRecord side) {
        if (side == null) {
            return null;
        }
        return side.record() != null ? json.writeValueAsString(side.record()) : json.writeValueAsString(Map.of("unmappable", side.unmappable()));
    }

    /** The report with up to {@code limit} differences after the file name {@code after} (null: from the first). */
    public Optional<Report> report(long id, String after, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement("""
                SELECT id, started_at, finished_at, trigger, requested_by, state, error, filter::text, legacy_rows, catalogue_rows,
                       ranges_compared, rows_fetched, missing_on_catalogue, missing_on_legacy, different, unsettled
                FROM reconciliation WHERE id = ?""")) {
            query.setLong(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Report.Counts counts = new Report.Counts(longOrNull(row, 9), longOrNull(row, 10), longOrNull(row, 11), longOrNull(row, 12),
                        longOrNull(row, 13), longOrNull(row, 14), longOrNull(row, 15), longOrNull(row, 16));
                List<Report.Entry> entries = limit == 0 ? List.of() : differences(connection, id, after, limit + 1);
                String next = entries.size() > limit ? entries.get(limit - 1).fileName() : null;
                return Optional.of(new Report(row.getLong(1), instant(row.getTimestamp(2)), instant(row.getTimestamp(3)), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7), json.readTree(row.getString(8)), counts,
                        entries.subList(0, Math.min(limit, entries.size())), next));
            }
        }
    }

    /** The filter of a finished report; empty when there is no such report or it has not finished. */
    public Optional<RangeFilter> filter(long id) throws SQLException {
        List<String> filters = strings("SELECT filter::text FROM reconciliation WHERE id = ? AND state = 'finished'", List.of(id));
        return filters.isEmpty() ? Optional.empty() : Optional.of(json.readValue(filters.getFirst(), RangeFilter.class));
    }

    /** The newest reports, newest first, without their differences. */
    public List<Report> latest(int limit) throws SQLException {
        List<Report> reports = new ArrayList<>();
        for (String id : strings("SELECT id::text FROM reconciliation ORDER BY id DESC LIMIT ?", List.of(limit))) {
            report(Long.parseLong(id), null, 0).ifPresent(reports::add);
        }
        return reports;
    }

    /** Every difference of a report, for a repair. */
    public List<Report.Entry> differences(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return differences(connection, id, null, Integer.MAX_VALUE);
        }
    }

    private List<Report.Entry> differences(Connection connection, long id, String after, int limit) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT file_name, kind, fields, legacy_value::text, catalogue_value::text FROM reconciliation_difference
                WHERE reconciliation_id = ? AND (?::text IS NULL OR file_name COLLATE "C" > ?) ORDER BY file_name COLLATE "C" LIMIT ?""")) {
            query.setLong(1, id);
            query.setString(2, after);
            query.setString(3, after);
            query.setInt(4, limit);
            List<Report.Entry> entries = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    JsonNode legacy = rows.getString(4) == null ? null : json.readTree(rows.getString(4));
                    JsonNode catalogue = rows.getString(5) == null ? null : json.readTree(rows.getString(5));
                    List<Report.FieldValues> fields = new ArrayList<>();
                    for (String field : (String[]) rows.getArray(3).getArray()) {
                        fields.add(new Report.FieldValues(field, legacy == null ? null : legacy.get(field), catalogue == null ? null : catalogue.get(field)));
                    }
                    entries.add(new Report.Entry(rows.getString(1), rows.getString(2), fields, legacy, catalogue));
                }
            }
            return entries;
        }
    }

    /** One file's repair, for the audit. */
    public record Audit(String fileName, String kind, String action, String outcome) {
    }

    public void audit(long id, String repairedBy, List<Audit> entries) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO repair_audit (reconciliation_id, file_name, kind, action, outcome, repaired_by) VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (Audit entry : entries) {
                insert.setLong(1, id);
                insert.setString(2, entry.fileName());
                insert.setString(3, entry.kind());
                insert.setString(4, entry.action());
                insert.setString(5, entry.outcome());
                insert.setString(6, repairedBy);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Of these files, those the sync applied or saw a change of since {@code since}. */
    public Set<String> changedSince(Collection<String> fileNames, Instant since) throws SQLException {
        if (fileNames.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(strings("""
                SELECT file_name FROM sync_file WHERE file_name = ANY (?) AND (agreed_at >= ? OR legacy_changed_at >= ? OR catalog_changed_at >= ?)""",
                List.of(fileNames.toArray(String[]::new), Timestamp.from(since), Timestamp.from(since), Timestamp.from(since))));
    }

    /**
     * Forgets what the sync believes both sides agreed on for these files: a reconciliation proved
     * the belief wrong, and the apply path skips a file whose state matches the agreed one.
     */
    public void forgetAgreements(Collection<String> fileNames) throws SQLException {
        update("DELETE FROM sync_file WHERE file_name = ANY (?)", List.<Object>of((Object) fileNames.toArray(String[]::new)));
    }

    /** The quarantine's reason for each of these files that is there. */
    public Map<String, String> quarantined(Collection<String> fileNames) throws SQLException {
        Map<String, String> reasons = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = KeyArrayLookup.plannedPerCall(connection.prepareStatement(
                "SELECT file_name, reason FROM quarantine WHERE file_name = ANY (?)"))) {
            query.setArray(1, connection.createArrayOf("text", fileNames.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    reasons.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return reasons;
    }

    private List<String> strings(String sql, List<Object> parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = prepare(connection, sql, parameters);
                ResultSet rows = query.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private void update(String sql, List<Object> parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = prepare(connection, sql, parameters)) {
            update.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            Object parameter = parameters.get(i);
            if (parameter instanceof String[] names) {
                Array array = connection.createArrayOf("text", names);
                KeyArrayLookup.plannedPerCall(statement).setArray(i + 1, array);
            } else {
                statement.setObject(i + 1, parameter);
            }
        }
        return statement;
    }

    private static Long longOrNull(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
