package org.granary.archive.audit;

import com.fasterxml.jackson.annotation.JsonGetter;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** One line of the audit log; {@code actor} is who did it (a token's label, or the node itself), null before it was recorded. */
public record AuditEvent(long id, Instant occurredAt, String node, String volume, String checksum, AuditAction action,
        String cause, String detail, String actor) {
    public AuditEvent {
        requireNonNull(occurredAt, "occurredAt is null");
        requireNonNull(node, "node is null");
        requireNonNull(checksum, "checksum is null");
        requireNonNull(action, "action is null");
        requireNonNull(cause, "cause is null");
    }

    @JsonGetter("action")
    String actionName() {
        return action.wireName();
    }
}
