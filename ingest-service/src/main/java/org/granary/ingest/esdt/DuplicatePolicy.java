package org.granary.ingest.esdt;

/**
 * What ingest does when a file arrives with other content than the newest version of its product
 * (ESDT, collection, orbit or start, part) already in the archive: a reprocessing, which names the
 * file anew, is the same product. The same content again is always a repeat, whatever the policy.
 */
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
