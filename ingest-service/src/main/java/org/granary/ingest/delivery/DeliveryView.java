package org.granary.ingest.delivery;

import java.time.Instant;
import java.util.List;

/** A delivery as the station sees it: its files and what became of each. */
public record DeliveryView(long id, String pdrName, String station, String state, Instant receivedAt, Instant completedAt,
        List<FileView> files) {
    /** One listed file; {@code disposition} is null while the file is awaited. */
    public record FileView(String fileName, long sizeBytes, String checksumType, String disposition, Long granuleId) {
    }
}
