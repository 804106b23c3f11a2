package org.granary.ingest.client;

/**
 * A key range [from, to) of file names (byte order; a null bound is open) and, in an answer, the
 * count and hash of its canonical records ({@link SyncRecord#rangeHash}).
 */
public record RangeHash(String from, String to, long count, String hash) {
    /** A range to ask about. */
    public static RangeHash of(String from, String to) {
        return new RangeHash(from, to, 0, null);
    }
}
