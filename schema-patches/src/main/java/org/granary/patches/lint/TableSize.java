package org.granary.patches.lint;

import java.util.Locale;

/**
 * How big a table is by the database's own estimate. For a partitioned table, the sum over its
 * partitions.
 *
 * @param rows estimated live rows
 * @param bytes the table with its indexes and TOAST, as {@code pg_total_relation_size} counts it
 * @param partitioned whether the table is a partitioned table, which some safer forms must allow for
 */
public record TableSize(long rows, long bytes, boolean partitioned) {
    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

    public TableSize {
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes must not be negative: " + rows + " rows, " + bytes + " bytes");
        }
    }

    /** A table that is not partitioned. */
    public TableSize(long rows, long bytes) {
        this(rows, bytes, false);
    }

    /** For example {@code ~1,000,000 rows (73 MB)}. */
    public String describe() {
        return String.format(Locale.ROOT, "~%,d rows (%s)", rows, prettyBytes(bytes));
    }

    /** Like PostgreSQL's {@code pg_size_pretty}, which a DBA compares it with. */
    static String prettyBytes(long bytes) {
        if (bytes < 10 * 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (unit < UNITS.length - 1 && value >= 10 * 1024 - 0.5) {
            value /= 1024;
            unit++;
        }
        return Math.round(value) + " " + UNITS[unit];
    }
}
