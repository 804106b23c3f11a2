package org.granary.archive.object;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A row of this node's inventory. */
public record StoredObject(String checksum, String volume, long sizeBytes, Instant storedAt, Instant lastVerifiedAt,
        Instant deletedAt, String deletedBy, Instant purgeAfter) {
    public StoredObject {
        requireNonNull(checksum, "checksum is null");
        requireNonNull(volume, "volume is null");
        requireNonNull(storedAt, "storedAt is null");
        requireNonNull(lastVerifiedAt, "lastVerifiedAt is null");
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
