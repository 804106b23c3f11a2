package org.granary.metadatasync.reconcile;

import java.time.Instant;

/**
 * What a reconciliation compares besides the key range; each part may be null (no filter).
 *
 * @param esdt the ESDT's short name, as {@code OMTO3}
 * @param collection the collection, as 3
 * @param startFrom the first start time included
 * @param startTo the first start time no longer included
 */
public record RangeFilter(String esdt, Integer collection, Instant startFrom, Instant startTo) {
    public static final RangeFilter NONE = new RangeFilter(null, null, null, null);

    public RangeFilter {
        if (esdt != null && (esdt.isBlank() || esdt.contains(".") || esdt.length() > 40)) {
            throw new IllegalArgumentException("esdt must be a short name such as OMTO3, without the collection: '" + esdt + "'");
        }
        if (collection != null && (collection < 0 || collection > 999_999_999)) {
            throw new IllegalArgumentException("collection must be between 0 and 999999999: " + collection);
        }
        if (startFrom != null && startTo != null && !startFrom.isBefore(startTo)) {
            throw new IllegalArgumentException("startFrom " + startFrom + " must be before startTo " + startTo);
        }
    }
}
