package org.granary.patches.lint;

import java.util.Optional;

/**
 * A table a statement works on, with what the linter can say about its size. A table created
 * earlier in the same patch is new and empty whatever the statistics say.
 */
record Target(TableName name, boolean isNew, Optional<TableSize> size, LintOptions options) {
    boolean large() {
        return !isNew && size.map(options::isLarge).orElse(options.unknownTablesAreLarge());
    }

    boolean mayHoldRows() {
        return !isNew && size.map(known -> known.rows() > 0).orElse(options.unknownTablesAreLarge());
    }

    /** Holds more rows than {@link LintOptions#largeChangeRows()}, so one statement may change that many. */
    boolean manyRowsToChange() {
        return !isNew && size.map(known -> known.rows() > options.largeChangeRows()).orElse(options.unknownTablesAreLarge());
    }

    boolean partitioned() {
        return size.map(TableSize::partitioned).orElse(false);
    }

    /** For a message: "granule holds ~1,000,000 rows (73 MB)". */
    String holds() {
        if (isNew) {
            return name + " is created earlier in this patch";
        }
        return size.map(known -> name + " holds " + known.describe() + (known.partitioned() ? " over its partitions" : ""))
                .orElse("the database has no statistics for " + name);
    }
}
