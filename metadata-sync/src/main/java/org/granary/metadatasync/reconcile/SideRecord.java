package org.granary.metadatasync.reconcile;

import java.time.Instant;
import org.granary.metadatasync.record.SyncRecord;

import static java.util.Objects.requireNonNull;

/**
 * One file as one side holds it: its canonical record, or (legacy side only) the reason its row
 * cannot be mapped, and when the legacy row was last changed ({@code update_time}; null for the
 * catalogue).
 */
public record SideRecord(String fileName, SyncRecord record, String unmappable, Instant changedAt) {
    public SideRecord {
        requireNonNull(fileName, "fileName is null");
        if ((record == null) == (unmappable == null)) {
            throw new IllegalArgumentException("a side record has either a record or the reason it has none: " + fileName);
        }
    }

    public static SideRecord of(SyncRecord record) {
        return new SideRecord(record.fileName(), record, null, null);
    }
}
