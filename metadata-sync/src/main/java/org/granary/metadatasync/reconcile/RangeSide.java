package org.granary.metadatasync.reconcile;

import java.util.List;

/**
 * One side of a reconciliation as it answers in its own database: the hash of key ranges of its
 * canonical records, and the records of a small range.
 */
public interface RangeSide {
    /** The count and hash of each range, in the order asked; the ranges do not overlap. */
    List<RangeHash> hashes(List<KeyRange> ranges, RangeFilter filter);

    /** The records of a range by file name in byte order, at most {@code limit}. */
    List<SideRecord> rows(KeyRange range, RangeFilter filter, int limit);

    /** A side that could not answer (database or service down): the reconciliation fails and can be run again. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
