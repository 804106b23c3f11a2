package org.granary.metadatasync.record;

import static java.util.Objects.requireNonNull;

/**
 * What the catalogue holds for one file name now: its record, or nothing ({@code record} null) when
 * the name was deleted there. {@code contentGranuleId} is the granule whose bytes the catalogue's
 * archive holds, whose content URL becomes the legacy {@code archive_path}; null when unknown or
 * when the catalogue has the file's metadata only (a granule catalogued from the legacy side: its
 * bytes are where the legacy row says, and a URL of ours would answer 404).
 */
public record CatalogState(String fileName, SyncRecord record, Long contentGranuleId) {
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
