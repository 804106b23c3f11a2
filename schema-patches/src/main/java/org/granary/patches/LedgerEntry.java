package org.granary.patches;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** One row of a database's ledger: a patch applied there. */
public record LedgerEntry(
        String component,
        String patchName,
        String checksum,
        String appliedBy,
        String appliedFrom,
        Instant appliedAt,
        Duration duration,
        boolean driftAllowed) {
    public LedgerEntry {
        requireNonNull(component, "component is null");
        requireNonNull(patchName, "patchName is null");
        requireNonNull(checksum, "checksum is null");
        requireNonNull(appliedBy, "appliedBy is null");
        requireNonNull(appliedFrom, "appliedFrom is null");
        requireNonNull(appliedAt, "appliedAt is null");
        requireNonNull(duration, "duration is null");
    }
}
