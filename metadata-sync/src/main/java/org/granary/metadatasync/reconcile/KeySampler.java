package org.granary.metadatasync.reconcile;

import java.util.List;

/** Cuts a key range into pieces of about equal numbers of rows, by keys sampled inside the range. */
public interface KeySampler {
    /**
     * Up to {@code pieces - 1} boundaries strictly inside {@code range}, in byte order.
     *
     * @param expectedRows about how many rows the range holds, or -1 when not known
     */
    List<String> boundaries(KeyRange range, RangeFilter filter, int pieces, long expectedRows);
}
