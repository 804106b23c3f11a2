package org.granary.metadatasync.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A half-open range [from, to) of file names compared byte for byte ({@code COLLATE "C"}); a null
 * bound is open.
 */
public record KeyRange(String from, String to) {
    /** Every file name. */
    public static final KeyRange ALL = new KeyRange(null, null);
    /** File names in byte order of their UTF-8, as {@code COLLATE "C"} compares them. */
    public static final Comparator<String> BYTE_ORDER = (one, other) -> Arrays.compareUnsigned(one.getBytes(StandardCharsets.UTF_8),
            other.getBytes(StandardCharsets.UTF_8));

    public KeyRange {
        if (from != null && to != null && BYTE_ORDER.compare(from, to) >= 0) {
            throw new IllegalArgumentException("empty key range [" + from + ", " + to + ")");
        }
    }

    public boolean contains(String fileName) {
        return (from == null || BYTE_ORDER.compare(fileName, from) >= 0) && (to == null || BYTE_ORDER.compare(fileName, to) < 0);
    }

    @Override
    public String toString() {
        return "[" + (from == null ? "" : from) + ", " + (to == null ? "" : to) + ")";
    }
}
