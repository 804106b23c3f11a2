package org.granary.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * A streaming standby of a {@link PostgresServer} on this machine: a cluster of its own, made
 * from a base backup of the primary, that replays the primary's WAL as it is written, through a
 * physical replication slot so that the primary keeps what the standby has not received yet.
 * Read-only queries run on it ({@code hot_standby}). Like its primary it is a daemon that
 * outlives the JVM until {@link #stop()}.
 */
public final class StreamingStandby {
    private static final Logger log = LoggerFactory.getLogger(StreamingStandby.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,63}");
    private static final Duration STREAMING_TIMEOUT = Duration.ofMinutes(2);
    private static final List<String> OWN_SETTINGS = List.of("port", "primary_conninfo", "primary_slot_name", "hot_standby");

    private final PostgresServer primary;
    private final PostgresServer server;
    private final String name;

    private StreamingStandby(PostgresServer primary, String name, PostgresServer server) {
        this.primary = requireNonNull(primary, "primary is null");
        this.name = requireNonNull(name, "name is null");
        this.server = requireNonNull(server, "server is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a standby's name is its replication slot's: [a-z0-9_]{1,63}, not " + name);
        }
    }

    /**
     * Makes the standby of a running {@code primary} in {@code dataDirectory} unless it was made
     * before, starts it on {@code port} unless it runs, and waits until it streams. {@code name}
     * names its replication slot on the primary and its {@code application_name} there (in
     * {@code pg_stat_replication}). A standby left from another primary (one made anew in the
     * same place) is made again; a folder holding a cluster that is no standby is refused.
     */
    public static StreamingStandby start(PostgresServer primary, String name, Path dataDirectory, int port) {
        StreamingStandby standby = existing(primary, name, dataDirectory, port);
        try {
            standby.makeUnlessMade();
            if (!standby.server.isRunning()) {
                // Again for a standby made before: its slot may have been dropped since, and without it no WAL comes.
                PrimaryForReplication.prepare(primary, name);
                standby.writeSettings();
                standby.server.startIfStopped();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the standby in " + dataDirectory, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the standby of the server on port " + primary.port() + ": " + e.getMessage(), e);
        }
        standby.awaitStreaming();
        return standby;
    }

    /** A standby whose data folder may exist, for stopping it or asking whether it streams. */
    public static StreamingStandby existing(PostgresServer primary, String name, Path dataDirectory, int port) {
        return new StreamingStandby(primary, name, primary.sibling(dataDirectory, port));
    }

    public PostgresServer primary() {
        return primary;
    }

    /** The standby's own server: its port, JDBC URLs, data folder. */
    public PostgresServer server() {
        return server;
    }

    /** The name of its replication slot on the primary and its {@code application_name} there. */
    public String name() {
        return name;
    }

    /** Whether it runs, is in recovery, and its WAL receiver streams from the primary. */
    public boolean isStreaming() {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"));
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT pg_is_in_recovery() AND EXISTS "
                        + "(SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')")) {
            return result.next() && result.getBoolean(1);
        } catch (SQLException notServing) {
            return false;
        }
    }

    public void stop() {
        server.stop();
    }

    private void makeUnlessMade() throws IOException, SQLException {
        Path data = server.dataDirectory();
        if (Files.exists(data.resolve("standby.signal"))) {
            if (systemIdentifier(data) == systemIdentifier(primary.dataDirectory())) {
                return;
            }
            log.warn("the standby in {} was made from another primary than the one on port {}: making it again", data, primary.port());
            server.stop();
        } else if (Files.exists(data.resolve("PG_VERSION"))) {
            throw new IllegalStateException(data + " holds a cluster that is no standby (a promoted one?): "
                    + "move it away to have a standby made there");
        }
        PostgresBinaries.deleteRecursively(data);
        make(data);
    }

    private void make(Path data) throws IOException, SQLException {
        PrimaryForReplication.prepare(primary, name);
        Files.createDirectories(data.getParent());
        // Made aside and moved into place: a crash while copying leaves no folder that looks like a standby.
        Path staging = Files.createTempDirectory(data.getParent(), ".standby-");
        try {
            BaseBackup.copy(primary, "standby " + name, staging);
            Files.createFile(staging.resolve("standby.signal"));
            Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            PostgresBinaries.deleteRecursively(staging);
        }
        log.info("made the standby {} of the server on port {} in {}", name, primary.port(), data);
    }

    /**
     * Written at every start rather than once: the primary's port may have changed since the
     * standby was made. Later lines of the file override earlier ones, but ours are replaced so
     * that it does not grow.
     */
    private void writeSettings() throws IOException {
        Path file = server.dataDirectory().resolve("postgresql.auto.conf");
        List<String> lines = new ArrayList<>(Files.exists(file) ? Files.readAllLines(file) : List.of());
        lines.removeIf(line -> OWN_SETTINGS.contains(line.strip().split("[\\s=]", 2)[0]));
        lines.add("port = '" + server.port() + "'");
        lines.add("primary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=" + PostgresServer.SUPERUSER
                + " application_name=" + name + "'");
        lines.add("primary_slot_name = '" + name + "'");
        lines.add("hot_standby = 'on'");
        Files.write(file, lines, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private void awaitStreaming() {
        Instant deadline = Instant.now().plus(STREAMING_TIMEOUT);
        while (!isStreaming()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the standby on port " + server.port() + " does not stream from the server on port "
                        + primary.port() + " after " + STREAMING_TIMEOUT.toSeconds() + " s" + server.logTail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the standby to stream", e);
            }
        }
    }

    /** The cluster's identity, which initdb draws and every copy keeps: the first field of {@code global/pg_control}. */
    private static long systemIdentifier(Path data) throws IOException {
        try (InputStream control = Files.newInputStream(data.resolve("global/pg_control"))) {
            return ByteBuffer.wrap(control.readNBytes(Long.BYTES)).order(ByteOrder.nativeOrder()).getLong();
        }
    }
}
