package org.granary.metadatasync.legacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.granary.metadatasync.jdbc.KeyArrayLookup;
import org.granary.metadatasync.record.CatalogState;
import org.granary.metadatasync.record.SyncRecord;

import static java.util.Objects.requireNonNull;

/**
 * metadata-sync's reads and writes of the legacy database: the current rows of given file names
 * (by primary key, in one statement per batch), and the catalogue's states written back. Every
 * write transaction first records its id in {@code granary_sync.applied_by_sync}, so that the
 * capture recognises the changes it makes and does not send them back (no echo).
 */
public final class LegacyDatabase implements AutoCloseable {
    private static final String READ = """
            SELECT f.file_name, f.esdt_code, f.start_time, f.stop_time, f.production_time, f.orbit_number, f.file_size,
                   f.md5_checksum, f.cksum_value, f.archive_path, f.status_code, q.qa_flag
            FROM file_inventory f LEFT JOIN file_qa q ON q.file_name = f.file_name
            WHERE f.file_name = ANY (?)""";
    /** The initial load's chunk: keyset order on the primary key, with when each file last changed. */
    private static final String READ_AFTER = """
            SELECT f.file_name, f.esdt_code, f.start_time, f.stop_time, f.production_time, f.orbit_number, f.file_size,
                   f.md5_checksum, f.cksum_value, f.archive_path, f.status_code, q.qa_flag, greatest(f.update_time, q.qa_time)
            FROM file_inventory f LEFT JOIN file_qa q ON q.file_name = f.file_name
            WHERE f.file_name > ? ORDER BY f.file_name LIMIT ?""";
    /** The replication slot of this name in the connection's database; one parameter, the slot's name. */
    public static final String SLOT_EXISTS = "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND database = current_database()";
    private static final String ESTIMATED_ROWS = "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'public.file_inventory'::regclass";
    /**
     * How many of the given transactions a new snapshot does not show yet. The capture gives 32-bit
     * transaction ids; the snapshot functions take them with their epoch, which is the epoch of the
     * snapshot's xmax, or the one before for an id above xmax's low 32 bits (the counter wrapped since).
     */
    private static final String NOT_VISIBLE = """
            SELECT count(*) FROM (SELECT pg_current_snapshot() AS snapshot, pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax) s,
                unnest(?::bigint[]) AS x
            WHERE NOT pg_visible_in_snapshot((CASE WHEN x >= 4294967296 THEN x
                ELSE (((s.xmax >> 32) - CASE WHEN x > (s.xmax & 4294967295) THEN 1 ELSE 0 END) << 32) | x END)::text::xid8, s.snapshot)""";
    private static final String MARK = """
            INSERT INTO granary_sync.applied_by_sync (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING""";
    private static final String UPSERT = """
            INSERT INTO file_inventory AS f (file_name, esdt_code, start_time, stop_time, production_time, orbit_number, file_size,
                                             md5_checksum, cksum_value, archive_path, status_code)
            VALUES (?, ?, ?, ?, ?, ?, ?, upper(?), ?, ?, ?)
            ON CONFLICT (file_name) DO UPDATE
            SET esdt_code = excluded.esdt_code, start_time = excluded.start_time, stop_time = excluded.stop_time,
                production_time = excluded.production_time, orbit_number = excluded.orbit_number, file_size = excluded.file_size,
                md5_checksum = excluded.md5_checksum, cksum_value = excluded.cksum_value,
                archive_path = coalesce(nullif(excluded.archive_path, ''), f.archive_path),
                status_code = excluded.status_code, update_time = now() AT TIME ZONE 'UTC'
            WHERE (f.esdt_code, f.start_time, f.stop_time, f.production_time, f.orbit_number, f.file_size, f.md5_checksum,
                   f.cksum_value, f.status_code)
                  IS DISTINCT FROM (excluded.esdt_code, excluded.start_time, excluded.stop_time, excluded.production_time,
                   excluded.orbit_number, excluded.file_size, excluded.md5_checksum, excluded.cksum_value, excluded.status_code)""";
    private static final String UPSERT_QA = """
            INSERT INTO file_qa AS q (file_name, qa_flag, qa_time) VALUES (?, ?, now() AT TIME ZONE 'UTC')
            ON CONFLICT (file_name) DO UPDATE SET qa_flag = excluded.qa_flag, qa_time = excluded.qa_time
            WHERE q.qa_flag IS DISTINCT FROM excluded.qa_flag""";
    private static final String DELETE_QA = "DELETE FROM file_qa WHERE file_name = ?";
    private static final String DELETE = "DELETE FROM file_inventory WHERE file_name = ?";

    private static final Duration VISIBILITY_POLL = Duration.ofMillis(2);

    private final DataSource dataSource;
    private final String contentUrlBase;

    /**
     * @param contentUrlBase where the legacy applications fetch a file the catalogue archived:
     *     {@code <base>/granules/<id>/content} becomes its {@code archive_path}
     */
    public LegacyDatabase(DataSource dataSource, String contentUrlBase) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.contentUrlBase = contentUrlBase.endsWith("/") ? contentUrlBase.substring(0, contentUrlBase.length() - 1) : contentUrlBase;
    }

    /** The legacy database's pool, for reading its server's state (the replication slot). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Closes the pool when it is one metadata-sync made. */
    @Override
    public void close() {
        if (dataSource instanceof java.io.Closeable pool) {
            try {
                pool.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The rows of these file names that exist, by name. */
    public Map<String, LegacyRow> read(Collection<String> fileNames) throws SQLException {
        Map<String, LegacyRow> rows = new HashMap<>();
        if (fileNames.isEmpty()) {
            return rows;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = KeyArrayLookup.plannedPerCall(connection.prepareStatement(READ))) {
            query.setArray(1, connection.createArrayOf("varchar", fileNames.toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    LegacyRow row = row(result);
                    rows.put(row.fileName(), row);
                }
            }
        }
        return rows;
    }

    /**
     * Up to {@code limit} rows whose file names sort after {@code afterFileName} (the empty string:
     * from the first), in file-name order, each with the time it last changed (UTC).
     */
    public List<ChangedRow> readAfter(String afterFileName, int limit) throws SQLException {
        List<ChangedRow> rows = new ArrayList<>(limit);
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(READ_AFTER)) {
            query.setString(1, afterFileName);
            query.setInt(2, limit);
            query.setFetchSize(limit);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new ChangedRow(row(result), result.getObject(13, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC)));
                }
            }
        }
        return rows;
    }

    /** The planner's estimate of the files in the legacy database (cheap; right after ANALYZE), 0 when never analysed. */
    public long estimatedRows() throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(ESTIMATED_ROWS);
                ResultSet result = query.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /** Whether the replication slot exists (it may still be in the making: see {@link #slotCapturing}). */
    public boolean slotExists(String slotName) throws SQLException {
        return slotQuery(SLOT_EXISTS, slotName);
    }

    /**
     * Whether the slot is made and decodes every transaction committed from now on. A slot in the
     * making is listed already, but until it has waited out the transactions running when it began
     * (its consistent point, shown by a confirmed position) a commit may fall before what it decodes.
     */
    public boolean slotCapturing(String slotName) throws SQLException {
        return slotQuery(SLOT_EXISTS + " AND confirmed_flush_lsn IS NOT NULL", slotName);
    }

    private boolean slotQuery(String sql, String slotName) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, slotName);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }

    /**
     * Waits until these transactions are visible to new snapshots, at most {@code limit}; false if
     * one is not by then. Logical decoding can send a transaction a moment before other sessions see
     * it (its commit record is in the WAL, and decoded, before the server shows it as committed), so
     * a row read by key in that moment would be missed: a new file taken for a deleted one, an
     * overwrite read as the row before it.
     */
    public boolean awaitVisible(Collection<Long> transactionIds, Duration limit) throws SQLException {
        if (transactionIds.isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(NOT_VISIBLE)) {
            query.setArray(1, connection.createArrayOf("bigint", transactionIds.toArray()));
            while (true) {
                try (ResultSet result = query.executeQuery()) {
                    result.next();
                    if (result.getLong(1) == 0) {
                        return true;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(VISIBILITY_POLL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for legacy transactions to become visible", e);
                }
            }
        }
    }

    static LegacyRow row(ResultSet result) throws SQLException {
        long cksum = result.getLong(9);
        Long cksumValue = result.wasNull() ? null : cksum;
        int orbit = result.getInt(6);
        Integer orbitNumber = result.wasNull() ? null : orbit;
        return new LegacyRow(result.getString(1), result.getString(2), result.getObject(3, java.time.LocalDateTime.class),
                result.getObject(4, java.time.LocalDateTime.class), result.getObject(5, java.time.LocalDateTime.class), orbitNumber,
                result.getBigDecimal(7), result.getString(8), cksumValue, result.getString(10), result.getString(11), result.getString(12));
    }

    /** Writes the catalogue's states in one transaction, marked as metadata-sync's own; returns how many rows changed. */
    public int write(List<CatalogState> states) throws SQLException {
        if (states.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement mark = connection.prepareStatement(MARK)) {
                    mark.executeUpdate();
                }
                int changed = writeStates(connection, states);
                connection.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private int writeStates(Connection connection, List<CatalogState> states) throws SQLException {
        int changed = 0;
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT); PreparedStatement upsertQa = connection.prepareStatement(UPSERT_QA);
                PreparedStatement deleteQa = connection.prepareStatement(DELETE_QA); PreparedStatement delete = connection.prepareStatement(DELETE)) {
            List<CatalogState> present = new ArrayList<>();
            for (CatalogState state : states) {
                if (state.isDeleted()) {
                    delete.setString(1, state.fileName());
                    delete.addBatch();
                } else {
                    bindUpsert(upsert, state);
                    upsert.addBatch();
                    present.add(state);
                }
            }
            changed += sum(delete.executeBatch()) + sum(upsert.executeBatch());
            for (CatalogState state : present) {
                String qa = LegacyMapping.qaCode(state.record());
                if (qa == null) {
                    deleteQa.setString(1, state.fileName());
                    deleteQa.addBatch();
                } else {
                    upsertQa.setString(1, state.fileName());
                    upsertQa.setString(2, qa);
                    upsertQa.addBatch();
                }
            }
            changed += sum(deleteQa.executeBatch()) + sum(upsertQa.executeBatch());
        }
        return changed;
    }

    private void bindUpsert(PreparedStatement upsert, CatalogState state) throws SQLException {
        SyncRecord record = state.record();
        upsert.setString(1, record.fileName());
        upsert.setString(2, LegacyMapping.esdtCode(record));
        upsert.setObject(3, LegacyMapping.legacyTime(record.startTime()));
        upsert.setObject(4, LegacyMapping.legacyTime(record.endTime()));
        upsert.setObject(5, LegacyMapping.legacyTime(record.productionTime()));
        if (record.orbit() == null) {
            upsert.setNull(6, Types.INTEGER);
        } else {
            upsert.setInt(6, record.orbit());
        }
        upsert.setLong(7, record.sizeBytes());
        upsert.setString(8, record.md5());
        if (record.cksum() == null) {
            upsert.setNull(9, Types.BIGINT);
        } else {
            upsert.setLong(9, record.cksum());
        }
        // Without the granule (a repair, a conflict the catalogue won) no path is known: a new row gets an
        // empty one, and an existing row keeps its own rather than lose where the old applications find the file.
        upsert.setString(10, state.contentGranuleId() == null ? "" : contentUrlBase + "/granules/" + state.contentGranuleId() + "/content");
        upsert.setString(11, LegacyMapping.statusCode(record));
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int count : counts) {
            total += Math.max(count, 0);
        }
        return total;
    }
}
