package org.granary.ops.launcher;

import java.nio.file.Path;
import java.util.List;

/** Entry point of {@code ops/granary}; the script finds a JDK, builds what is missing and calls this. */
public final class Granary {
    private static final String USAGE = """
            usage: ops/granary COMMAND
              up [-d] [--demo]  run the platform (foreground; -d: in the background, returns once all are healthy)
              down              stop every service and the embedded PostgreSQL
              status            each service, its URL, pid and health (exit 0 when all are up)
              env               NAME=value lines for eval: URLs, database, admin token file
              archive ...       the archive cluster: map, volumes, add-node, drain, remove-node,
                                rebalance [--dry-run], scrub, audit CHECKSUM (ops/granary archive help)
              patches ...       the DBA tool for each database's schema: status, verify, lint, plan,
                                apply, new, rebuild-definition (ops/granary patches help)
              test              run the whole test suite (mvn verify)
            environment: GRANARY_HOME (state, default ./var), GRANARY_DB_URL (external PostgreSQL),
              GRANARY_DB_PORT (embedded, default 15432), GRANARY_<SERVICE>_PORT, GRANARY_JAVA_OPTS,
              GRANARY_START_TIMEOUT_SECONDS (default 180)""";

    private Granary() {
    }

    public static void main(String[] arguments) {
        Path root = Path.of(System.getProperty("granary.root", "."));
        Launcher launcher = new Launcher(PlatformSettings.fromEnvironment(root, System.getenv()), System.out);
        List<String> options = List.of(arguments).subList(Math.min(1, arguments.length), arguments.length);
        try {
            int code = switch (arguments.length == 0 ? "" : arguments[0]) {
                case "up" -> launcher.up(options.contains("-d"), options.contains("--demo"));
                case "down" -> launcher.down();
                case "status" -> launcher.status();
                case "env" -> launcher.env();
                case "archive" -> launcher.archive(options);
                case "patches" -> launcher.patches(options);
                default -> {
                    System.err.println(USAGE);
                    yield 2;
                }
            };
            System.exit(code);
        } catch (Exception e) {
            System.err.println("granary: " + e.getMessage());
            System.exit(1);
        }
    }
}
