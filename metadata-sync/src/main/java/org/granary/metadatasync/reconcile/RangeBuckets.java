package org.granary.metadatasync.reconcile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Many disjoint key ranges hashed in one scan: {@code width_bucket} finds each key's place among
 * the ranges' sorted bounds by binary search, and an array maps that place to the range (or to
 * nothing, for the gaps between ranges no one asked about).
 */
final class RangeBuckets {
    /** Every bound of the ranges, in byte order. */
    private final String[] thresholds;
    /** For bucket b (0: below the first threshold) the 1-based range, or null. */
    private final Integer[] rangeByBucket;
    /** From the lowest bound to the highest, to narrow the scan. */
    private final KeyRange outer;

    private RangeBuckets(String[] thresholds, Integer[] rangeByBucket, KeyRange outer) {
        this.thresholds = thresholds;
        this.rangeByBucket = rangeByBucket;
        this.outer = outer;
    }

    KeyRange outer() {
        return outer;
    }

    static RangeBuckets of(List<KeyRange> ranges) {
        TreeSet<String> bounds = new TreeSet<>(KeyRange.BYTE_ORDER);
        for (KeyRange range : ranges) {
            addIfPresent(bounds, range.from());
            addIfPresent(bounds, range.to());
        }
        List<String> thresholds = new ArrayList<>(bounds);
        Integer[] rangeByBucket = new Integer[thresholds.size() + 1];
        String lowest = null;
        String highest = null;
        boolean openBelow = false;
        boolean openAbove = false;
        for (int i = 0; i < ranges.size(); i++) {
            KeyRange range = ranges.get(i);
            int bucket = range.from() == null ? 0 : thresholds.indexOf(range.from()) + 1;
            String next = bucket < thresholds.size() ? thresholds.get(bucket) : null;
            if (rangeByBucket[bucket] != null || !java.util.Objects.equals(next, range.to())) {
                throw new IllegalArgumentException("key ranges overlap: " + range + " and " + ranges);
            }
            rangeByBucket[bucket] = i + 1;
            openBelow |= range.from() == null;
            openAbove |= range.to() == null;
            if (range.from() != null && (lowest == null || KeyRange.BYTE_ORDER.compare(range.from(), lowest) < 0)) {
                lowest = range.from();
            }
            if (range.to() != null && (highest == null || KeyRange.BYTE_ORDER.compare(range.to(), highest) > 0)) {
                highest = range.to();
            }
        }
        return new RangeBuckets(thresholds.toArray(String[]::new), rangeByBucket,
                new KeyRange(openBelow ? null : lowest, openAbove ? null : highest));
    }

    private static void addIfPresent(java.util.Set<String> bounds, String bound) {
        if (bound != null) {
            bounds.add(bound);
        }
    }

    /** The 1-based range of {@code column}'s value, or null; its parameters come first ({@link #bind}). */
    String sql(String column) {
        return thresholds.length == 0 ? "1" : "(?::int[])[width_bucket(" + column + " COLLATE \"C\", ?::text[]) + 1]";
    }

    List<Object> bind(List<Object> following) {
        List<Object> parameters = new ArrayList<>();
        if (thresholds.length > 0) {
            parameters.add(rangeByBucket);
            parameters.add(thresholds);
        }
        parameters.addAll(following);
        return parameters;
    }

    @Override
    public String toString() {
        return Arrays.toString(thresholds);
    }
}
