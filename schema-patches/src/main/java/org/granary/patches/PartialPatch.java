package org.granary.patches;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A non-transactional patch that was begun and has not finished: its first {@code statementsDone}
 * statements are applied, and the next apply resumes after them.
 *
 * @param statements how many statements the patch had when it was begun
 * @param doneChecksum identifies the text of the completed statements (see {@link PartialPatches#checksumOfFirst})
 * @param failedStatement the statement that failed, counted from 1, or null when none failed (the
 *     applier was stopped while it ran, or between two)
 * @param failure why it failed, as PostgreSQL said it, or null
 */
public record PartialPatch(String component, String patchName, int statements, int statementsDone, String doneChecksum,
        Integer failedStatement, String failure, String startedBy, Instant startedAt, Instant updatedAt) {
    public PartialPatch {
        requireNonNull(component, "component is null");
        requireNonNull(patchName, "patchName is null");
        requireNonNull(doneChecksum, "doneChecksum is null");
        requireNonNull(startedBy, "startedBy is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** Whether the completed statements are the first ones of {@code patch} as it is now. */
    public boolean completedPartIsUnchangedIn(Patch patch) {
        List<String> now = patch.statements();
        return now.size() >= statementsDone && PartialPatches.checksumOfFirst(now, statementsDone).equals(doneChecksum);
    }

    /**
     * The completed part as a patch of its own (same name, non-transactional, its first statements
     * only): what the database has of it, for a comparison that must not call those statements' work drift.
     */
    public Patch completedPartOf(Patch patch) {
        List<String> done = patch.statements().subList(0, statementsDone);
        StringBuilder sql = new StringBuilder(Patch.NON_TRANSACTIONAL_MARKER).append('\n');
        done.forEach(statement -> sql.append(statement.strip()).append(";\n"));
        return new Patch(patch.name(), sql.toString());
    }

    /** {@code 2 of 3 statements applied, statement 3 failed: ...}, on one line, for status and messages. */
    public String describe() {
        return statementsDone + " of " + statements + " statements applied" + (failedStatement == null
                ? ", stopped before the next one ended"
                : ", statement " + failedStatement + " failed: " + String.join(" ", String.valueOf(failure).strip().lines().map(String::strip).toList()));
    }
}
