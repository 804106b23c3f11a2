package org.granary.patches.lint;

import java.util.Optional;

/**
 * What the linter knows of the target database's tables. Names left unqualified resolve through
 * the {@code search_path}; column names are given as PostgreSQL stores them (unquoted, folded).
 */
public interface TableStatistics {
    /** The table's estimated size, or empty when the table is unknown (for example not made yet). */
    Optional<TableSize> size(TableName table);

    /**
     * The column's current type as {@code format_type} spells it ({@code character varying(50)}),
     * or empty when unknown. Tells a free {@code varchar} widening from a rewrite.
     */
    default Optional<String> columnType(TableName table, String column) {
        return Optional.empty();
    }

    /**
     * Whether the column provably holds no nulls without a scan: it is already {@code NOT NULL},
     * or a validated {@code CHECK (column IS NOT NULL)} covers it, which {@code SET NOT NULL} uses.
     */
    default boolean provenNotNull(TableName table, String column) {
        return false;
    }

    /** Statistics that know no table, to lint without a database (see {@link LintOptions#unknownTablesAreLarge()}). */
    static TableStatistics unknown() {
        return table -> Optional.empty();
    }
}
