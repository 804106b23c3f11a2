package org.granary.patches;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * How {@link SchemaPatcher} runs one patch: the session settings it makes first, the patch's
 * statements, and what it resets after. The DBA's {@code plan} prints this same value, so what the
 * plan shows is what runs.
 *
 * @param transactional whether setup, statements and the ledger row run in one transaction
 * @param setup the timeouts, and {@code granary.patch} naming the patch so that the DDL log
 *     (see {@code drift.Provenance}) tells the tool's DDL from DDL run by hand
 * @param statements the patch's own statements, as they are sent one by one
 * @param cleanup what a non-transactional patch resets on the session afterwards; a transaction's
 *     {@code SET LOCAL} and {@code set_config(..., true)} end with it
 */
public record PatchRun(Patch patch, boolean transactional, List<String> setup, List<String> statements, List<String> cleanup) {
    public PatchRun {
        requireNonNull(patch, "patch is null");
        setup = List.copyOf(setup);
        statements = List.copyOf(statements);
        cleanup = List.copyOf(cleanup);
    }

    public static PatchRun of(Patch patch, SchemaPatcher.Options options) {
        boolean transactional = patch.transactional();
        String set = transactional ? "SET LOCAL " : "SET ";
        List<String> setup = List.of(
                set + "lock_timeout = '" + postgresDuration(options.lockTimeout()) + "'",
                set + "statement_timeout = '" + postgresDuration(options.statementTimeout()) + "'",
                "SELECT set_config('granary.patch', '" + patch.name().replace("'", "''") + "', " + transactional + ")");
        List<String> cleanup = transactional ? List.of() : List.of("RESET lock_timeout", "RESET statement_timeout", "RESET granary.patch");
        return new PatchRun(patch, transactional, setup, patch.statements(), cleanup);
    }

    /** In the largest unit PostgreSQL accepts that says it exactly: {@code 10s}, {@code 30min}, {@code 1500ms}. */
    static String postgresDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "min";
        }
        if (millis != 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
