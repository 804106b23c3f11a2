package org.granary.patches.lint;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables of a live database as its catalog describes them, read once: estimated rows
 * ({@code pg_class.reltuples} scaled to the table's current size, as the planner does), total
 * bytes ({@code pg_total_relation_size}), column types, and which columns hold no nulls. A table
 * never analysed ({@code reltuples = -1}) is counted when small and otherwise estimated from its
 * size and its columns' widths. A partitioned table sums its partitions. Unqualified names
 * resolve through the connection's {@code search_path}.
 *
 * <p>Reading sizes takes ACCESS SHARE on every table for a moment, which a pending ACCESS
 * EXCLUSIVE would make wait: on a connection in auto-commit mode the read runs in a read-only
 * transaction of its own with a short {@code lock_timeout}, and the connection is left as it was.
 */
public final class LiveTableStatistics implements TableStatistics {
    /** Up to 1 MB of heap (at 8 kB a page), counting the rows is cheaper than a wrong guess. */
    private static final long COUNTED_PAGES = 128;
    private static final long PAGE_HEADER_BYTES = 24;
    /** A tuple's header (23 bytes, aligned to 24) and its line pointer (4 bytes). */
    private static final long TUPLE_OVERHEAD_BYTES = 28;
    private static final String FILTER = "c.relkind IN ('r', 'p', 'm') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";

    private record Relation(long oid, TableName name, char kind, long rows, long bytes) {
    }

    private final FixedTableStatistics snapshot;

    private LiveTableStatistics(FixedTableStatistics snapshot) {
        this.snapshot = snapshot;
    }

    /**
     * Reads every table of the database the connection is on, except PostgreSQL's own. The
     * connection is left as it was: in auto-commit mode if it was, its transaction untouched if not.
     */
    public static LiveTableStatistics read(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            return new LiveTableStatistics(readCatalog(connection)); // the caller's transaction, the caller's timeouts
        }
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                statement.execute("SET LOCAL lock_timeout = '5s'");
            }
            return new LiveTableStatistics(readCatalog(connection));
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    @Override
    public Optional<TableSize> size(TableName table) {
        return snapshot.size(table);
    }

    @Override
    public Optional<String> columnType(TableName table, String column) {
        return snapshot.columnType(table, column);
    }

    @Override
    public boolean provenNotNull(TableName table, String column) {
        return snapshot.provenNotNull(table, column);
    }

    private static FixedTableStatistics readCatalog(Connection connection) throws SQLException {
        Map<Long, Relation> relations = relations(connection);
        Map<Long, TableFacts> facts = new HashMap<>();
        Map<Long, List<Long>> leaves = partitionLeaves(connection);
        for (Relation relation : relations.values()) {
            long rows = relation.rows();
            long bytes = relation.bytes();
            for (long leaf : leaves.getOrDefault(relation.oid(), List.of())) {
                Relation partition = relations.get(leaf);
                rows += partition == null ? 0 : partition.rows();
                bytes += partition == null ? 0 : partition.bytes();
            }
            facts.put(relation.oid(), new TableFacts(new TableSize(rows, bytes, relation.kind() == 'p')));
        }
        readColumns(connection, facts);
        readNotNullChecks(connection, facts);
        Map<TableName, TableFacts> tables = new HashMap<>();
        for (Relation relation : relations.values()) {
            tables.put(relation.name(), facts.get(relation.oid()));
        }
        return FixedTableStatistics.of(searchPath(connection), tables);
    }

    private static List<String> searchPath(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_schemas(false)")) {
            row.next();
            Array schemas = row.getArray(1);
            return List.of((String[]) schemas.getArray());
        }
    }

    private static Map<Long, Relation> relations(Connection connection) throws SQLException {
        String sql = """
                SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples, c.relpages, c.oid::regclass::text,
                       pg_relation_size(c.oid), pg_total_relation_size(c.oid), current_setting('block_size')::bigint,
                       (SELECT coalesce(sum(CASE WHEN a.attlen > 0 THEN a.attlen ELSE 32 END), 0) FROM pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                       has_table_privilege(c.oid, 'SELECT')
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE\s""" + FILTER;
        Map<Long, Relation> relations = new HashMap<>();
        Map<Long, String> toCount = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                long oid = row.getLong(1);
                char kind = row.getString(4).charAt(0);
                double reltuples = row.getDouble(5);
                long relpages = row.getLong(6);
                long blockSize = row.getLong(10);
                long pages = row.getLong(8) / blockSize;
                long rows;
                if (reltuples >= 0 && relpages > 0) {
                    rows = Math.round(reltuples / relpages * pages); // the planner's way: density times current size
                } else {
                    // never analysed: the planner's guess from the columns' widths, unless small enough to count
                    rows = pages * Math.max(1, (blockSize - PAGE_HEADER_BYTES) / (row.getLong(11) + TUPLE_OVERHEAD_BYTES));
                    if (kind != 'p' && pages > 0 && pages <= COUNTED_PAGES && row.getBoolean(12)) {
                        toCount.put(oid, row.getString(7));
                    }
                }
                relations.put(oid, new Relation(oid, new TableName(row.getString(2), row.getString(3)), kind, rows, row.getLong(9)));
            }
        }
        for (Map.Entry<Long, String> counted : toCount.entrySet()) {
            Relation relation = relations.get(counted.getKey());
            relations.put(relation.oid(), new Relation(relation.oid(), relation.name(), relation.kind(),
                    count(connection, counted.getValue()), relation.bytes()));
        }
        return relations;
    }

    /** Exact rows of a small table never analysed; the limit bounds the work should it have grown meanwhile. */
    private static long count(Connection connection, String regclass) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM (SELECT FROM " + regclass + " LIMIT 1000000) AS counted")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Map<Long, List<Long>> partitionLeaves(Connection connection) throws SQLException {
        String sql = "SELECT c.oid, t.relid::oid FROM pg_class c CROSS JOIN LATERAL pg_partition_tree(c.oid) t"
                + " WHERE c.relkind = 'p' AND t.isleaf";
        Map<Long, List<Long>> leaves = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                leaves.computeIfAbsent(row.getLong(1), parent -> new ArrayList<>()).add(row.getLong(2));
            }
        }
        return leaves;
    }

    private static void readColumns(Connection connection, Map<Long, TableFacts> facts) throws SQLException {
        String sql = """
                SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE a.attnum > 0 AND NOT a.attisdropped AND\s""" + FILTER;
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                long table = row.getLong(1);
                TableFacts withColumn = facts.get(table).withColumn(row.getString(2), row.getString(3));
                facts.put(table, row.getBoolean(4) ? withColumn.withProvenNotNull(row.getString(2)) : withColumn);
            }
        }
    }

    /** Validated {@code CHECK (column IS NOT NULL)} constraints, which let SET NOT NULL skip its scan. */
    private static void readNotNullChecks(Connection connection, Map<Long, TableFacts> facts) throws SQLException {
        String sql = "SELECT conrelid, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c' AND convalidated";
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                long table = row.getLong(1);
                if (facts.containsKey(table)) {
                    NotNullCheck.column(SqlFragment.of(row.getString(2)))
                            .ifPresent(column -> facts.put(table, facts.get(table).withProvenNotNull(column)));
                }
            }
        }
    }
}
