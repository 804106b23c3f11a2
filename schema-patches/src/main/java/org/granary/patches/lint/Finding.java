package org.granary.patches.lint;

import static java.util.Objects.requireNonNull;

/**
 * One hazard in one statement of a patch.
 *
 * @param statementIndex the statement's position in the patch, from 1
 * @param statementFirstLine the statement's first line of code, to find it in the file
 * @param message what happens and to which table, with its size, e.g. "granule holds ~1,000,000 rows (73 MB)"
 * @param saferForm how to get the same change without the hazard, as advice and DDL
 */
public record Finding(
        String patchName,
        int statementIndex,
        String statementFirstLine,
        Hazard hazard,
        Severity severity,
        String message,
        String saferForm) {
    public Finding {
        requireNonNull(patchName, "patchName is null");
        requireNonNull(statementFirstLine, "statementFirstLine is null");
        requireNonNull(hazard, "hazard is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(message, "message is null");
        requireNonNull(saferForm, "saferForm is null");
        if (statementIndex < 1) {
            throw new IllegalArgumentException("statementIndex counts from 1: " + statementIndex);
        }
    }
}
