package org.granary.patches.lint;

/** What can go wrong when a statement runs on a production database. */
public enum Hazard {
    /**
     * An index built under a lock that blocks writes for the whole build: {@code CREATE INDEX}
     * without {@code CONCURRENTLY}, or {@code ADD PRIMARY KEY}/{@code UNIQUE} without
     * {@code USING INDEX} (which blocks reads too).
     */
    BLOCKING_INDEX_BUILD,
    /** A statement PostgreSQL refuses inside a transaction block, in a patch that runs in one. */
    REFUSED_IN_TRANSACTION,
    /** {@code COMMIT}, {@code ROLLBACK} or {@code BEGIN} in a patch that runs in one transaction: no longer all or nothing. */
    TRANSACTION_CONTROL,
    /** A statement that rewrites every row of the table while holding ACCESS EXCLUSIVE. */
    TABLE_REWRITE,
    /** A constraint checked against every row while writes (or reads and writes) wait. */
    BLOCKING_CONSTRAINT_SCAN,
    /** {@code SET NOT NULL} scanning the table under ACCESS EXCLUSIVE, with no check to rely on. */
    BLOCKING_NOT_NULL_SCAN,
    /** {@code ADD COLUMN ... NOT NULL} without a default on a table with rows: PostgreSQL refuses. */
    NOT_NULL_COLUMN_WITHOUT_DEFAULT,
    /** A drop, truncate or unqualified delete/update: data gone or changed for good. */
    DESTRUCTIVE_CHANGE,
    /**
     * {@code RENAME COLUMN} or {@code RENAME TO} of a table: the build still running (a rolling
     * deploy patches the database first) fails on the old name.
     */
    BREAKING_RENAME,
    /** {@code REINDEX} without {@code CONCURRENTLY}: writes, and reads that use the index, wait for the rebuild. */
    BLOCKING_REINDEX,
    /** {@code LOCK TABLE}: a lock taken by hand and held until the patch commits. */
    EXPLICIT_LOCK,
    /** An {@code UPDATE} or {@code DELETE} that may change many rows of a large table in one transaction. */
    LARGE_DATA_CHANGE
}
