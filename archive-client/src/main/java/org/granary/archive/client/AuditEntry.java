package org.granary.archive.client;

import java.time.Instant;

/**
 * One event of an object on one node ({@code GET /audit/{sha256}}): a write, copy, move, repair,
 * quarantine, loss, delete or restore, and who did it ({@code actor}: a token's label, or the node
 * itself for its background work; null from a node older than that).
 */
public record AuditEntry(long id, Instant occurredAt, String node, String volume, String checksum, String action, String cause,
        String detail, String actor) {
}
