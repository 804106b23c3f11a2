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
 * @param patch the patch the patching tool was applying, or null for DDL run by hand
 */
public record DdlEvent(long id, Instant at, String role, String effectiveRole, String clientAddress,
        String applicationName, String commandTag, String objectType, String objectIdentity, String statement, String patch) {
    private static final int STATEMENT_SHOWN = 200;

    public DdlEvent {
        requireNonNull(at, "at is null");
        requireNonNull(role, "role is null");
        patch = patch == null || patch.isEmpty() ? null : patch;
    }

    public boolean byPatchingTool() {
        return patch != null;
    }

    /** {@code by role alice from 10.0.0.7 at 2026-11-23T12:00:00Z: ALTER TABLE granule ADD COLUMN comment text}. */
    public String summary() {
        String oneLine = statement == null ? commandTag : statement.strip().replaceAll("\\s+", " ");
        if (oneLine != null && oneLine.length() > STATEMENT_SHOWN) {
            oneLine = oneLine.substring(0, STATEMENT_SHOWN) + "...";
        }
        return "by role " + role
                + (effectiveRole == null || effectiveRole.equals(role) ? "" : " as " + effectiveRole)
                + " from " + (clientAddress == null ? "a local socket" : clientAddress)
                + (applicationName == null || applicationName.isEmpty() ? "" : " (" + applicationName + ")")
                + " at " + at + ": " + oneLine;
    }
}
