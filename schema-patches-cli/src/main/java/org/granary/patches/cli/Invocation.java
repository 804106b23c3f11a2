package org.granary.patches.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One run of a command: its name, the options every command shares, the environment it falls back
 * on, and where it writes.
 *
 * @param database {@code --db}, when given
 */
record Invocation(String command, String component, Path patchesFolder, Optional<String> database, Map<String, String> environment,
        PrintStream out, PrintStream err) {
    static final String DATABASE_VARIABLE = "GRANARY_PATCHES_DB";

    Invocation {
        requireNonNull(command, "command is null");
        requireNonNull(component, "component is null");
        requireNonNull(patchesFolder, "patchesFolder is null");
        requireNonNull(database, "database is null");
        environment = Map.copyOf(environment);
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
    }

    /** The patch folder as it is now, which must exist. */
    PatchFolder folder() {
        return PatchFolder.read(component, patchesFolder);
    }

    /** {@code --db}, else {@value #DATABASE_VARIABLE}. */
    String jdbcUrl() {
        return jdbcUrl(Optional.empty());
    }

    /** {@code --db}, else {@code fallback}, else {@value #DATABASE_VARIABLE}. */
    String jdbcUrl(Optional<String> fallback) {
        String url = database.or(() -> fallback).or(() -> Optional.ofNullable(environment.get(DATABASE_VARIABLE)))
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> CommandFailure.usage(command + " needs the database: --db JDBC_URL or " + DATABASE_VARIABLE));
        if (!url.startsWith("jdbc:postgresql:")) {
            throw CommandFailure.usage("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database?user=...): " + Database.redact(url));
        }
        return url;
    }
}
