package org.granary.metadatasync.record;

import static java.util.Objects.requireNonNull;

/**
 * What the catalogue holds for one file name now: its record and the granule it came from, or
 * nothing ({@code record} null) when the name was deleted there.
 */
public record CatalogState(String fileName, SyncRecord record, Long granuleId) {
    public CatalogState {
        requireNonNull(fileName, "fileName is null");
    }

    public static CatalogState deleted(String fileName) {
        return new CatalogState(fileName, null, null);
    }

    public boolean isDeleted() {
        return record == null;
    }
}
