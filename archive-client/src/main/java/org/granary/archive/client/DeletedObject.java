package org.granary.archive.client;

import java.time.Instant;

/**
 * A node's answer to a delete: the object's tombstone there, restorable by writing the object
 * again until {@code purgeAfter}. {@code deletedAt} is null when the node's copy was written after
 * the delete and stays.
 */
public record DeletedObject(String checksum, Instant deletedAt, String deletedBy, Instant purgeAfter) {
}
