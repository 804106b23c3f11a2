package org.granary.patches.lint;

/**
 * When the linter calls a table large: above {@code largeTableRows} rows or above
 * {@code largeTableBytes} bytes (table, indexes and TOAST together).
 *
 * @param unknownTablesAreLarge whether a table the statistics do not know is taken for a large one
 *     with rows in it. Off by default: against a live database an unknown table is usually made by
 *     a patch not yet applied, so it will be new and empty. Turn it on to lint without a database,
 *     where every table is unknown and every hazard should show.
 */
public record LintOptions(long largeTableRows, long largeTableBytes, boolean unknownTablesAreLarge) {
    public static final long DEFAULT_LARGE_TABLE_ROWS = 100_000;
    public static final long DEFAULT_LARGE_TABLE_BYTES = 100L * 1024 * 1024;

    public LintOptions {
        if (largeTableRows < 0 || largeTableBytes < 0) {
            throw new IllegalArgumentException("thresholds must not be negative: " + largeTableRows + " rows, " + largeTableBytes + " bytes");
        }
    }

    /** 100,000 rows or 100 MB; unknown tables are not large. */
    public static LintOptions defaults() {
        return new LintOptions(DEFAULT_LARGE_TABLE_ROWS, DEFAULT_LARGE_TABLE_BYTES, false);
    }

    /** Above either threshold: a lock held for a scan or a build of such a table is felt. */
    public boolean isLarge(TableSize size) {
        return size.rows() > largeTableRows || size.bytes() > largeTableBytes;
    }
}
