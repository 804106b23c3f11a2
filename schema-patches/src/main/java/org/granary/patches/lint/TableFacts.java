package org.granary.patches.lint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** What is known of one table: its size, its columns' types, which columns hold no nulls. */
record TableFacts(TableSize size, Map<String, String> columnTypes, Set<String> provenNotNull) {
    TableFacts {
        requireNonNull(size, "size is null");
        columnTypes = Map.copyOf(columnTypes);
        provenNotNull = Set.copyOf(provenNotNull);
    }

    TableFacts(TableSize size) {
        this(size, Map.of(), Set.of());
    }

    TableFacts withColumn(String column, String type) {
        Map<String, String> types = new HashMap<>(columnTypes);
        types.put(column, type);
        return new TableFacts(size, types, provenNotNull);
    }

    TableFacts withProvenNotNull(String column) {
        Set<String> columns = new HashSet<>(provenNotNull);
        columns.add(column);
        return new TableFacts(size, columnTypes, columns);
    }
}
