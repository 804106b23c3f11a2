package org.granary.ingest.esdt;

/** What ingest does when a granule arrives whose file name is already in the archive. */
public enum DuplicatePolicy {
    /** Refuse the second delivery: the provider is told it failed. */
    REJECT,
    /** Acknowledge the second delivery as done and keep the first: re-sent level 0 data is the same data. */
    SKIP,
    /** Keep the second delivery in place of the first: the provider corrected the granule. */
    REPLACE,
    /** Keep both, the second as the next version of the granule: a reprocessing. */
    NEW_VERSION
}
