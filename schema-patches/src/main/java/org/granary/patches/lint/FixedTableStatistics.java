package org.granary.patches.lint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Statistics given up front: for tests, for a database read once ({@link LiveTableStatistics}),
 * or for linting against numbers a DBA supplies. Names added without a schema go to
 * {@code public}; the search path is {@code public} unless set.
 */
public final class FixedTableStatistics implements TableStatistics {
    private final List<String> searchPath;
    private final Map<TableName, TableFacts> tables;

    private FixedTableStatistics(List<String> searchPath, Map<TableName, TableFacts> tables) {
        this.searchPath = List.copyOf(searchPath);
        this.tables = Map.copyOf(tables);
    }

    /** No tables yet; search path {@code public}. */
    public static FixedTableStatistics empty() {
        return new FixedTableStatistics(List.of("public"), Map.of());
    }

    /** Tables by the names PostgreSQL stores, schemas included. */
    static FixedTableStatistics of(List<String> searchPath, Map<TableName, TableFacts> tables) {
        return new FixedTableStatistics(searchPath, tables);
    }

    /** Schemas as PostgreSQL stores them, in the order unqualified names resolve. */
    public FixedTableStatistics withSearchPath(List<String> schemas) {
        return new FixedTableStatistics(schemas, tables);
    }

    /** A table by its SQL spelling, e.g. {@code granule} or {@code "Archive".granule}. */
    public FixedTableStatistics withTable(String table, TableSize size) {
        return with(qualified(table), new TableFacts(size));
    }

    /** A table that is not partitioned. */
    public FixedTableStatistics withTable(String table, long rows, long bytes) {
        return withTable(table, new TableSize(rows, bytes));
    }

    /** A column's current type, e.g. {@code character varying(50)}, of a table added before. */
    public FixedTableStatistics withColumn(String table, String column, String type) {
        return with(qualified(table), facts(table).withColumn(TableName.identifier(column), type));
    }

    /** A column that holds no nulls: NOT NULL already, or covered by a validated check. */
    public FixedTableStatistics withProvenNotNull(String table, String column) {
        return with(qualified(table), facts(table).withProvenNotNull(TableName.identifier(column)));
    }

    @Override
    public Optional<TableSize> size(TableName table) {
        return resolve(table).map(TableFacts::size);
    }

    @Override
    public Optional<String> columnType(TableName table, String column) {
        return resolve(table).map(facts -> facts.columnTypes().get(column));
    }

    @Override
    public boolean provenNotNull(TableName table, String column) {
        return resolve(table).map(facts -> facts.provenNotNull().contains(column)).orElse(false);
    }

    /** An unqualified name means the first schema of the search path that has such a table. */
    private Optional<TableFacts> resolve(TableName table) {
        if (table.schema() != null) {
            return Optional.ofNullable(tables.get(table));
        }
        return searchPath.stream()
                .map(schema -> tables.get(table.inSchema(schema)))
                .filter(facts -> facts != null)
                .findFirst();
    }

    private TableFacts facts(String table) {
        TableFacts facts = tables.get(qualified(table));
        if (facts == null) {
            throw new IllegalArgumentException("add table " + table + " before its columns");
        }
        return facts;
    }

    private FixedTableStatistics with(TableName table, TableFacts facts) {
        Map<TableName, TableFacts> changed = new HashMap<>(tables);
        changed.put(table, facts);
        return new FixedTableStatistics(searchPath, changed);
    }

    private static TableName qualified(String table) {
        TableName name = TableName.parse(table);
        return name.schema() == null ? name.inSchema("public") : name;
    }
}
