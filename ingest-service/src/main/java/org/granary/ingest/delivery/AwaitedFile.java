package org.granary.ingest.delivery;

import java.time.Instant;
import org.granary.ingest.pdr.ChecksumType;

import static java.util.Objects.requireNonNull;

/** A file a PDR listed and that has no disposition yet, with what the PDR declared for it (the checksum may be absent). */
public record AwaitedFile(long deliveryId, String fileName, String directory, long size, ChecksumType checksumType,
        String checksumValue, Instant beginning, Instant ending) {
    public AwaitedFile {
        requireNonNull(fileName, "fileName is null");
    }
}
