package org.granary.metadatasync.reconcile;

import java.time.Instant;
import org.granary.metadatasync.record.SyncRecord;

import static java.util.Objects.requireNonNull;

/**
 * One file as one side holds it: its canonical record, or (legacy side only) the reason its row
 * cannot be mapped, when the legacy row was last changed ({@code update_time}; null for the
 * catalogue), and the granule whose bytes the catalogue's archive holds (catalogue only, see
 * {@link org.granary.metadatasync.record.CatalogState}; a repair writes the legacy {@code archive_path} from it).
 */
public record SideRecord(String fileName, SyncRecord record, String unmappable, Instant changedAt, Long contentGranuleId) {
    public SideRecord {
        requireNonNull(fileName, "fileName is null");
        if ((record == null) == (unmappable == null)) {
            throw new IllegalArgumentException("a side record has either a record or the reason it has none: " + fileName);
        }
    }

    public static SideRecord of(SyncRecord record) {
        return new SideRecord(record.fileName(), record, null, null, null);
    }

    /** The catalogue's record of a file and the granule whose bytes its archive holds, or null. */
    public static SideRecord inCatalogue(SyncRecord record, Long contentGranuleId) {
        return new SideRecord(record.fileName(), record, null, null, contentGranuleId);
    }
}
