package org.granary.archive.client;

import java.time.Instant;

/** One event of an object on one node ({@code GET /audit/{sha256}}): a write, copy, move, repair, quarantine, loss or delete. */
public record AuditEntry(long id, Instant occurredAt, String node, String volume, String checksum, String action, String cause,
        String detail) {
}
