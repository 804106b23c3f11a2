package org.granary.metadatasync.reconcile;

import java.math.BigInteger;

import static java.util.Objects.requireNonNull;

/** How many canonical records a key range holds on one side and the sum of their hash terms (order-independent). */
public record RangeHash(KeyRange range, long count, BigInteger hash) {
    public RangeHash {
        requireNonNull(range, "range is null");
        requireNonNull(hash, "hash is null");
    }

    /** Whether both sides hold the same records in the range. */
    public boolean agrees(RangeHash other) {
        return count == other.count && hash.equals(other.hash);
    }
}
