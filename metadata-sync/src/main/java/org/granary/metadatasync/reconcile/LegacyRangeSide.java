package org.granary.metadatasync.reconcile;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.granary.metadatasync.legacy.LegacyMapping;
import org.granary.metadatasync.legacy.LegacyRow;
import org.granary.metadatasync.record.SyncRecord;

import static java.util.Objects.requireNonNull;

/**
 * A legacy-shaped database as a side of a reconciliation: hashes computed in SQL over the mapped
 * canonical text ({@link LegacySql}), adjoining ranges of a round in one scan, and key boundaries
 * sampled with {@code percentile_disc}. Where the database's own collation is byte order (C,
 * POSIX, C.UTF-8) key ranges use the primary key's index; elsewhere they compare {@code COLLATE "C"}.
 */
public final class LegacyRangeSide implements RangeSide, KeySampler {
    /** Above this many rows a range's boundaries are sampled from a page sample instead of from all its keys. */
    private static final long SAMPLE_ABOVE_ROWS = 2_000_000;
    private static final double SAMPLED_ROWS = 200_000;
    /**
     * Ranges that adjoin are hashed in one scan of their span, at most this many: {@code
     * width_bucket} over a text array walks it element by element to each probe, so every row costs
     * the array's length (4,096 ranges in one scan took three times a scan of 64). Ranges apart are
     * hashed in scans of their own, so the rows between them are not read.
     */
    private static final int RANGES_PER_SCAN = 128;

    private final DataSource dataSource;
    private volatile String key;

    public LegacyRangeSide(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    @Override
    public List<RangeHash> hashes(List<KeyRange> ranges, RangeFilter filter) {
        List<RangeHash> hashes = new ArrayList<>(ranges.size());
        int first = 0;
        while (first < ranges.size()) {
            int end = first + 1;
            while (end < ranges.size() && end - first < RANGES_PER_SCAN && adjoin(ranges.get(end - 1), ranges.get(end))) {
                end++;
            }
            hashes.addAll(hashesInOneScan(ranges.subList(first, end), filter));
            first = end;
        }
        return hashes;
    }

    private static boolean adjoin(KeyRange range, KeyRange next) {
        return range.to() != null && range.to().equals(next.from());
    }

    private List<RangeHash> hashesInOneScan(List<KeyRange> ranges, RangeFilter filter) {
        RangeBuckets buckets = RangeBuckets.of(ranges);
        Conditions where = new Conditions(key()).range(buckets.outer()).filter(filter);
        String sql = "SELECT r, count(*), coalesce(sum(" + LegacySql.TERM.formatted("t") + "), 0)::text FROM (SELECT "
                + buckets.sql("f.file_name") + " AS r, " + LegacySql.CANONICAL + " AS t FROM " + LegacySql.FROM + where.sql()
                + ") x WHERE r IS NOT NULL GROUP BY r";
        RangeHash[] hashes = new RangeHash[ranges.size()];
        query(sql, buckets.bind(where.parameters()), result -> {
            int index = result.getInt(1) - 1;
            hashes[index] = new RangeHash(ranges.get(index), result.getLong(2), new BigInteger(result.getString(3)));
        });
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] == null) {
                hashes[i] = new RangeHash(ranges.get(i), 0, BigInteger.ZERO);
            }
        }
        return Arrays.asList(hashes);
    }

    @Override
    public List<SideRecord> rows(KeyRange range, RangeFilter filter, int limit) {
        Conditions where = new Conditions(key()).range(range).filter(filter);
        String sql = "SELECT f.file_name, " + LegacySql.MAPPABLE + ", " + LegacySql.ESDT_OR_NULL + ", " + LegacySql.COLLECTION_OR_NULL + ", f.start_time,"
                + " f.stop_time, f.production_time, f.orbit_number, f.file_size, " + LegacySql.MD5 + ", f.cksum_value, " + LegacySql.STATE + ", "
                + LegacySql.QA_FLAG + ", f.esdt_code, f.md5_checksum, f.status_code, q.qa_flag, f.archive_path, f.update_time FROM "
                + LegacySql.FROM + where.sql() + " ORDER BY " + key() + " LIMIT ?";
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.add(limit);
        List<SideRecord> rows = new ArrayList<>();
        query(sql, parameters, result -> rows.add(sideRecord(result)));
        return rows;
    }

    @Override
    public List<String> boundaries(KeyRange range, RangeFilter filter, int pieces, long expectedRows) {
        if (pieces < 2) {
            return List.of();
        }
        long rows = expectedRows >= 0 ? expectedRows : estimatedRows();
        List<String> sampled = rows > SAMPLE_ABOVE_ROWS ? sample(range, filter, pieces, Math.min(100, 100 * SAMPLED_ROWS / rows)) : List.of();
        if (sampled.isEmpty()) {
            sampled = sample(range, filter, pieces, 100);
        }
        TreeSet<String> inside = new TreeSet<>(KeyRange.BYTE_ORDER);
        for (String boundary : sampled) {
            if (boundary != null && range.contains(boundary) && !boundary.equals(range.from())) {
                inside.add(boundary);
            }
        }
        return List.copyOf(inside);
    }

    private List<String> sample(KeyRange range, RangeFilter filter, int pieces, double percent) {
        Double[] fractions = new Double[pieces - 1];
        for (int i = 1; i < pieces; i++) {
            fractions[i - 1] = (double) i / pieces;
        }
        Conditions where = new Conditions(key()).range(range).filter(filter);
        String sql = "SELECT percentile_disc(?::float8[]) WITHIN GROUP (ORDER BY f.file_name COLLATE \"C\") FROM file_inventory f"
                + (percent < 100 ? " TABLESAMPLE SYSTEM (" + String.format(java.util.Locale.ROOT, "%.6f", percent) + ")" : "") + where.sql();
        List<Object> parameters = new ArrayList<>();
        parameters.add(fractions);
        parameters.addAll(where.parameters());
        List<String> boundaries = new ArrayList<>();
        query(sql, parameters, result -> {
            java.sql.Array array = result.getArray(1);
            if (array != null) {
                boundaries.addAll(Arrays.asList((String[]) array.getArray()));
            }
        });
        return boundaries;
    }

    private long estimatedRows() {
        long[] rows = {-1};
        query("SELECT reltuples::bigint FROM pg_class WHERE oid = 'file_inventory'::regclass", List.of(), result -> rows[0] = result.getLong(1));
        return rows[0];
    }

    /** The key expression: the column itself where the database sorts text byte for byte (so its index serves), else COLLATE "C". */
    private String key() {
        String known = key;
        if (known == null) {
            String[] collation = {null};
            query("""
                    SELECT CASE WHEN datlocprovider = 'b' OR datcollate IN ('C', 'POSIX', 'C.UTF-8', 'C.utf8') THEN 'byte' END
                    FROM pg_database WHERE datname = current_database()""", List.of(), result -> collation[0] = result.getString(1));
            known = "byte".equals(collation[0]) ? "f.file_name" : "f.file_name COLLATE \"C\"";
            key = known;
        }
        return known;
    }

    private SideRecord sideRecord(ResultSet result) throws SQLException {
        String fileName = result.getString(1);
        Instant changedAt = utc(result.getObject(19, LocalDateTime.class));
        if (result.getBoolean(2)) {
            SyncRecord record = new SyncRecord(fileName, result.getString(3), result.getInt(4), utc(result.getObject(5, LocalDateTime.class)),
                    utc(result.getObject(6, LocalDateTime.class)), utc(result.getObject(7, LocalDateTime.class)), result.getObject(8, Integer.class),
                    result.getBigDecimal(9).longValueExact(), result.getString(10), result.getObject(11, Long.class), result.getString(12),
                    result.getString(13));
            return new SideRecord(fileName, record, null, changedAt, null);
        }
        LegacyRow row = new LegacyRow(fileName, result.getString(14), result.getObject(5, LocalDateTime.class),
                result.getObject(6, LocalDateTime.class), result.getObject(7, LocalDateTime.class), result.getObject(8, Integer.class),
                result.getBigDecimal(9), result.getString(15), result.getObject(11, Long.class), result.getString(18), result.getString(16),
                result.getString(17));
        String reason = LegacyMapping.toRecord(row) instanceof LegacyMapping.Mapped.Unmappable(String why) ? why
                : "esdt_code '" + row.esdtCode() + "' has no collection of 1 to 9 digits";
        return new SideRecord(fileName, null, reason, changedAt, null);
    }

    private static Instant utc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(ResultSet result) throws SQLException;
    }

    private void query(String sql, List<Object> parameters, RowHandler handler) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                Object parameter = parameters.get(i);
                if (parameter instanceof Object[] array) {
                    query.setArray(i + 1, connection.createArrayOf(array instanceof Double[] ? "float8" : array instanceof Integer[] ? "int4"
                            : "text", array));
                } else {
                    query.setObject(i + 1, parameter);
                }
            }
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    handler.handle(result);
                }
            }
        } catch (SQLException e) {
            throw new Unavailable("the legacy database did not answer: " + e.getMessage(), e);
        }
    }

    /** The WHERE clause of a key range and a filter, and its parameters in order. */
    private static final class Conditions {
        private final String key;
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        Conditions(String key) {
            this.key = key;
        }

        Conditions range(KeyRange range) {
            add(range.from() == null ? null : key + " >= ?", range.from());
            add(range.to() == null ? null : key + " < ?", range.to());
            return this;
        }

        Conditions filter(RangeFilter filter) {
            add(filter.esdt() == null ? null : LegacySql.ESDT_OR_NULL + " = ?", filter.esdt());
            add(filter.collection() == null ? null : LegacySql.COLLECTION_OR_NULL + " = ?", filter.collection());
            add(filter.startFrom() == null ? null : "f.start_time >= ?", legacyTime(filter.startFrom()));
            add(filter.startTo() == null ? null : "f.start_time < ?", legacyTime(filter.startTo()));
            return this;
        }

        private void add(String condition, Object parameter) {
            if (condition != null) {
                conditions.add(condition);
                parameters.add(parameter);
            }
        }

        String sql() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        List<Object> parameters() {
            return parameters;
        }

        private static LocalDateTime legacyTime(Instant time) {
            return time == null ? null : LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        }
    }
}
