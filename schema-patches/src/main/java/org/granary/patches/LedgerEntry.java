package org.granary.patches;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One row of a database's ledger: a patch applied there.
 *
 * @param driftAllowed whether the patch was applied although the database's schema differed from
 *     what its applied patches make, or an applied patch was edited (the DBA said {@code --allow-drift})
 * @param stage the promotion stage the database was applied as ({@code testing}, ...), or null when
 *     none was given, as when a service applies its own patches at start
 * @param breaksOlderBuilds whether the patch was marked {@value Patch#BREAKS_OLDER_BUILDS_MARKER}: a
 *     build that does not know it refuses the database (false for rows of ledgers older than the marker)
 */
public record LedgerEntry(
        String component,
        String patchName,
        String checksum,
        String appliedBy,
        String appliedFrom,
        Instant appliedAt,
        Duration duration,
        boolean driftAllowed,
        String stage,
        boolean breaksOlderBuilds) {
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
