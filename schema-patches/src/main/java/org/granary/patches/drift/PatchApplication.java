package org.granary.patches.drift;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * When, as whom and where a patch was applied, from its ledger row: what the DDL log's rows naming
 * that patch must agree with.
 *
 * @param appliedAt when the ledger row was written, at the patch's end
 * @param duration how long the patch took, so it started {@code appliedAt - duration}
 * @param role the database role that applied it ({@code current_user}), or null when the ledger
 *     row does not say
 * @param transactionId the transaction of the ledger row: a transactional patch's own; null in rows
 *     written before it was recorded
 * @param backendPid the applier's server process; null in rows written before it was recorded
 */
public record PatchApplication(String patchName, Instant appliedAt, Duration duration, String role, Long transactionId,
        Integer backendPid) {
    private static final String AS_ROLE = " as role ";

    public PatchApplication {
        requireNonNull(patchName, "patchName is null");
        requireNonNull(appliedAt, "appliedAt is null");
        requireNonNull(duration, "duration is null");
    }

    Instant startedAt() {
        return appliedAt.minus(duration);
    }

    /** The role in the ledger's {@code applied_by}, {@code "dba as role postgres"}; null when it names none. */
    static String roleOf(String appliedBy) {
        int at = appliedBy == null ? -1 : appliedBy.lastIndexOf(AS_ROLE);
        return at < 0 ? null : appliedBy.substring(at + AS_ROLE.length());
    }
}
