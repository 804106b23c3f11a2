package org.granary.platform.auth;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A stored token, without its secret. */
public record TokenRow(long id, Role role, String label, Instant createdAt, Long createdBy, Instant revokedAt) {
    public TokenRow {
        requireNonNull(role, "role is null");
        requireNonNull(label, "label is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public boolean live() {
        return revokedAt == null;
    }
}
