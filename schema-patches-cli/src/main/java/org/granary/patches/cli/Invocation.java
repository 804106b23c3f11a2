package org.granary.patches.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One run of a command: its command line, the environment it falls back on, and where it writes. */
record Invocation(CommandLine line, Map<String, String> environment, PrintStream out, PrintStream err) {
    static final String DATABASE_VARIABLE = "GRANARY_PATCHES_DB";

    Invocation {
        requireNonNull(line, "line is null");
        environment = Map.copyOf(environment);
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
    }

    String component() {
        String component = line.required("component");
        if (!component.matches("[a-z0-9][a-z0-9_-]*")) {
            throw CommandFailure.usage("--component must be lowercase letters, digits, - and _, as the ledger names it: " + component);
        }
        return component;
    }

    Path patchesFolder() {
        return Path.of(line.required("patches"));
    }

    /** The patch folder as it is now, which must exist. */
    PatchFolder folder() {
        return PatchFolder.read(component(), patchesFolder());
    }

    /** {@code --db}, else {@value #DATABASE_VARIABLE}. */
    String jdbcUrl() {
        return jdbcUrl(Optional.empty());
    }

    /** {@code --db}, else {@code fallback}, else {@value #DATABASE_VARIABLE}. */
    String jdbcUrl(Optional<String> fallback) {
        String url = line.value("db").or(() -> fallback).or(() -> Optional.ofNullable(environment.get(DATABASE_VARIABLE)))
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> CommandFailure.usage(line.command() + " needs the database: --db JDBC_URL or " + DATABASE_VARIABLE));
        if (!url.startsWith("jdbc:postgresql:")) {
            throw CommandFailure.usage("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database?user=...): " + Database.redact(url));
        }
        return url;
    }
}
