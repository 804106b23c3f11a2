package org.granary.archive.object;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A row of this node's inventory: a live copy, or a tombstone (with or without its file; a node
 * that never held the object keeps the tombstone all the same). {@code writtenAt} is when a
 * client last wrote the object, which copies carry along.
 */
public record StoredObject(String checksum, String volume, long sizeBytes, Instant storedAt, Instant lastVerifiedAt,
        Instant deletedAt, String deletedBy, Instant purgeAfter, Instant writtenAt) {
    public StoredObject {
        requireNonNull(checksum, "checksum is null");
        if (volume == null && deletedAt == null) {
            throw new IllegalArgumentException("a live copy is on a volume");
        }
        requireNonNull(writtenAt, "writtenAt is null");
        requireNonNull(storedAt, "storedAt is null");
        requireNonNull(lastVerifiedAt, "lastVerifiedAt is null");
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
