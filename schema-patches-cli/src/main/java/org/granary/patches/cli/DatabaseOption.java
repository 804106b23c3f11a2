package org.granary.patches.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --db}: the target database of every command but {@code new}. */
final class DatabaseOption {
    @Option(names = "--db", paramLabel = "JDBC_URL", description = "the target database (default $" + Invocation.DATABASE_VARIABLE + ")")
    Optional<String> url = Optional.empty();
}
