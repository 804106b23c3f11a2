package org.granary.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * One PostgreSQL cluster (a data folder) served on a loopback port by {@code pg_ctl}. The server
 * runs as a daemon: it outlives the JVM that started it until {@link #stop()} is called, which is
 * what the launcher needs; tests stop theirs when their JVM ends.
 *
 * <p>PostgreSQL refuses to run as root. When we are root, every PostgreSQL executable is started
 * inside a user namespace where we appear as an ordinary user ({@code unshare --map-user}); the
 * files it writes still belong to root outside.
 */
public final class PostgresServer {
    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    /** The superuser created by initdb; local connections are trusted, so it has no password. */
    public static final String SUPERUSER = "postgres";
    private static final int UNPRIVILEGED_ID = 1000;

    private final PostgresBinaries binaries;
    private final Path dataDirectory;
    private final int port;

    private PostgresServer(PostgresBinaries binaries, Path dataDirectory, int port) {
        this.binaries = requireNonNull(binaries, "binaries is null");
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
        this.port = port;
    }

    /** Settings of a server: where it lives, its port, and extra {@code postgresql.conf} lines. */
    public record Settings(Path binariesCache, Path dataDirectory, int port, Map<String, String> configuration) {
        public Settings {
            requireNonNull(binariesCache, "binariesCache is null");
            requireNonNull(dataDirectory, "dataDirectory is null");
            configuration = Map.copyOf(configuration);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    /**
     * Creates the cluster on first use, then starts it and waits until it accepts connections. A
     * server already running on that data folder is adopted as it is.
     */
    public static PostgresServer start(Settings settings) {
        PostgresBinaries binaries = PostgresBinaries.unpackInto(settings.binariesCache());
        PostgresServer server = new PostgresServer(binaries, settings.dataDirectory(), settings.port());
        server.initializeIfNew(settings.configuration());
        server.startIfStopped();
        return server;
    }

    /** Another cluster served by the same binaries as this one: a standby of it, for instance. */
    PostgresServer sibling(Path otherDataDirectory, int otherPort) {
        return new PostgresServer(binaries, otherDataDirectory, otherPort);
    }

    /** Starts an existing cluster unless it runs already, and waits until it accepts connections. */
    void startIfStopped() {
        if (!isRunning()) {
            run(Duration.ofMinutes(2), "pg_ctl", "start", "-w", "-t", "110",
                    "-D", dataDirectory.toString(),
                    "-l", logFile().toString(),
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
        }
    }

    /** The server's log, beside its data folder: the data folder is copied whole for a standby. */
    public Path logFile() {
        return dataDirectory.resolveSibling("postgresql.log");
    }

    /** A server whose data folder exists, for stopping it or asking whether it runs. */
    public static PostgresServer existing(Path binariesCache, Path dataDirectory, int port) {
        return new PostgresServer(PostgresBinaries.unpackInto(binariesCache), dataDirectory, port);
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** JDBC URL of one database of this server, for the superuser. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER;
    }

    /** A libpq connection string, as {@code psql} takes it. */
    public String libpqConnectionString(String database) {
        return "host=127.0.0.1 port=" + port + " dbname=" + database + " user=" + SUPERUSER;
    }

    public boolean isRunning() {
        if (!Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            return false;
        }
        return runQuietly("pg_ctl", "status", "-D", dataDirectory.toString()) == 0;
    }

    /** Stops the server, letting running transactions roll back ({@code -m fast}). */
    public void stop() {
        if (isRunning()) {
            run(Duration.ofMinutes(2), "pg_ctl", "stop", "-w", "-m", "fast", "-D", dataDirectory.toString());
        }
    }

    /** Stops the server at once, as a crash would; for tests that end their JVM. */
    public void stopImmediately() {
        if (isRunning()) {
            runQuietly("pg_ctl", "stop", "-w", "-m", "immediate", "-D", dataDirectory.toString());
        }
    }

    private void initializeIfNew(Map<String, String> configuration) {
        if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            return;
        }
        try {
            // initdb wants an empty or absent folder; a crash during an earlier initdb leaves junk.
            PostgresBinaries.deleteRecursively(dataDirectory);
            Files.createDirectories(dataDirectory.getParent());
            Path staging = Files.createTempDirectory(dataDirectory.getParent(), ".initdb-");
            run(Duration.ofMinutes(2), "initdb", "-D", staging.toString(), "-U", SUPERUSER,
                    "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions");
            appendConfiguration(staging, configuration);
            Files.move(staging, dataDirectory);
            log.info("created PostgreSQL cluster in {}", dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create PostgreSQL cluster in " + dataDirectory, e);
        }
    }

    private static void appendConfiguration(Path data, Map<String, String> configuration) throws IOException {
        StringBuilder lines = new StringBuilder("\n# Granary\n");
        configuration.forEach((name, value) -> lines.append(name).append(" = '").append(value).append("'\n"));
        Files.writeString(data.resolve("postgresql.conf"), lines, java.nio.file.StandardOpenOption.APPEND);
    }

    private void run(Duration timeout, String executable, String... arguments) {
        ProcessBuilder builder = processBuilder(executable, arguments).redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // The daemon inherits nothing of ours, so reading to the end cannot hang on it.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(executable + " did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(executable + " " + String.join(" ", arguments)
                        + " failed with exit code " + process.exitValue() + ":\n" + output + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + executable, e);
        }
    }

    private int runQuietly(String executable, String... arguments) {
        try {
            Process process = processBuilder(executable, arguments)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(1, TimeUnit.MINUTES) ? process.exitValue() : -1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private ProcessBuilder processBuilder(String executable, String... arguments) {
        List<String> command = new ArrayList<>();
        if (RunningUser.isRoot()) {
            command.addAll(List.of("unshare", "--map-user=" + UNPRIVILEGED_ID, "--map-group=" + UNPRIVILEGED_ID));
        }
        command.add(binaries.executable(executable).toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LD_LIBRARY_PATH", binaries.home().resolve("lib").toString());
        builder.environment().put("LC_ALL", "C.UTF-8");
        return builder;
    }

    String logTail() {
        Path logFile = logFile();
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            List<String> lines = Files.readAllLines(logFile);
            return "\nlast lines of " + logFile + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
