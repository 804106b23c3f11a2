package org.granary.patches.lint;

/**
 * When the linter calls a table large: above {@code largeTableRows} rows or above
 * {@code largeTableBytes} bytes (table, indexes and TOAST together).
 *
 * @param unknownTablesAreLarge whether a table the statistics do not know is taken for a large one
 *     with rows in it. Off by default: against a live database an unknown table is usually made by
 *     a patch not yet applied, so it will be new and empty. Turn it on to lint without a database,
 *     where every table is unknown and every hazard should show.
 * @param largeChangeRows above how many rows in the table an {@code UPDATE} or {@code DELETE} that
 *     is not visibly bounded to a batch is flagged ({@code LARGE_DATA_CHANGE}): one transaction
 *     changing that many rows holds their locks, leaves as many dead rows and writes a burst of WAL.
 */
public record LintOptions(long largeTableRows, long largeTableBytes, boolean unknownTablesAreLarge, long largeChangeRows) {
    public static final long DEFAULT_LARGE_TABLE_ROWS = 100_000;
    public static final long DEFAULT_LARGE_TABLE_BYTES = 100L * 1024 * 1024;
    public static final long DEFAULT_LARGE_CHANGE_ROWS = 100_000;

    public LintOptions {
        if (largeTableRows < 0 || largeTableBytes < 0 || largeChangeRows < 0) {
            throw new IllegalArgumentException("thresholds must not be negative: " + largeTableRows + " rows, " + largeTableBytes
                    + " bytes, " + largeChangeRows + " rows changed");
        }
    }

    /** With the default {@link #DEFAULT_LARGE_CHANGE_ROWS}. */
    public LintOptions(long largeTableRows, long largeTableBytes, boolean unknownTablesAreLarge) {
        this(largeTableRows, largeTableBytes, unknownTablesAreLarge, DEFAULT_LARGE_CHANGE_ROWS);
    }

    /** 100,000 rows or 100 MB; unknown tables are not large; changes of more than 100,000 rows are batched. */
    public static LintOptions defaults() {
        return new LintOptions(DEFAULT_LARGE_TABLE_ROWS, DEFAULT_LARGE_TABLE_BYTES, false, DEFAULT_LARGE_CHANGE_ROWS);
    }

    /** Above either threshold: a lock held for a scan or a build of such a table is felt. */
    public boolean isLarge(TableSize size) {
        return size.rows() > largeTableRows || size.bytes() > largeTableBytes;
    }
}
