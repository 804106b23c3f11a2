package org.granary.patches.drift;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One row of {@code granary_patches.ddl_log}: one object a DDL statement made, changed or dropped.
 *
 * @param role the role that logged in ({@code session_user})
 * @param effectiveRole the role in effect when the statement ran, after any {@code SET ROLE}
 * @param clientAddress the client's IP address, or null over a Unix socket
 * @param objectIdentity the object as {@code pg_identify_object} names it, e.g. {@code public.granule}
 * @param statement the whole query text the client sent, which may hold several statements
 * @param patch the patch the session named in {@code granary.patch}, or null for DDL run by hand
 * @param transactionId the statement's transaction ({@code txid_current()}), null in rows logged
 *     before it was recorded
 * @param backendPid the session's server process, null in rows logged before it was recorded
 * @param falseClaim why the ledger belies {@code patch} (the session named a patch it was not
 *     applying: DDL run by hand), or null when it names none or the ledger bears it out
 */
public record DdlEvent(long id, Instant at, String role, String effectiveRole, String clientAddress,
        String applicationName, String commandTag, String objectType, String objectIdentity, String statement, String patch,
        Long transactionId, Integer backendPid, String falseClaim) {
    private static final int STATEMENT_SHOWN = 200;

    public DdlEvent {
        requireNonNull(at, "at is null");
        requireNonNull(role, "role is null");
        patch = patch == null || patch.isEmpty() ? null : patch;
    }

    /** A row without transaction, session or verdict, as logs older than those columns have. */
    public DdlEvent(long id, Instant at, String role, String effectiveRole, String clientAddress, String applicationName,
            String commandTag, String objectType, String objectIdentity, String statement, String patch) {
        this(id, at, role, effectiveRole, clientAddress, applicationName, commandTag, objectType, objectIdentity, statement, patch,
                null, null, null);
    }

    /** This event, its patch tag found false for {@code reason}. */
    public DdlEvent withFalseClaim(String reason) {
        return new DdlEvent(id, at, role, effectiveRole, clientAddress, applicationName, commandTag, objectType, objectIdentity,
                statement, patch, transactionId, backendPid, requireNonNull(reason, "reason is null"));
    }

    /** Whether the patching tool ran it: it names a patch, and the ledger does not belie that. */
    public boolean byPatchingTool() {
        return patch != null && falseClaim == null;
    }

    /**
     * {@code by role alice from 10.0.0.7 at 2026-11-23T12:00:00Z: ALTER TABLE granule ADD COLUMN
     * comment text}; for a false tag, {@code ... at 2026-11-23T12:00:00Z, by hand: it claims patch
     * 0003-x.sql but the ledger has no such patch: ALTER TABLE ...}.
     */
    public String summary() {
        String oneLine = statement == null ? commandTag : statement.strip().replaceAll("\\s+", " ");
        if (oneLine != null && oneLine.length() > STATEMENT_SHOWN) {
            oneLine = oneLine.substring(0, STATEMENT_SHOWN) + "...";
        }
        return "by role " + role
                + (effectiveRole == null || effectiveRole.equals(role) ? "" : " as " + effectiveRole)
                + " from " + (clientAddress == null ? "a local socket" : clientAddress)
                + (applicationName == null || applicationName.isEmpty() ? "" : " (" + applicationName + ")")
                + " at " + at
                + (falseClaim == null ? "" : ", by hand: it claims patch " + patch + " but " + falseClaim)
                + ": " + oneLine;
    }
}
