package org.granary.ingest.client;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A delivery described by a Product Delivery Record ({@code GET /pdrs/{id}}): {@code state}
 * {@code open} while files are awaited, then {@code complete}, and what became of each file.
 */
public record Delivery(long id, String pdrName, String station, String state, Instant receivedAt, Instant completedAt,
        List<File> files) {
    public Delivery {
        requireNonNull(pdrName, "pdrName is null");
        requireNonNull(state, "state is null");
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** One file the PDR lists; {@code disposition} and {@code granuleId} are null while it is awaited. */
    public record File(String fileName, long sizeBytes, String checksumType, String disposition, Long granuleId) {
    }
}
