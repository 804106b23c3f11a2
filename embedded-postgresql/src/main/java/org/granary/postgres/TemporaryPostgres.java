package org.granary.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of a test JVM: started on first use in a temporary folder, on a free
 * port, tuned for speed over durability (no fsync), with {@code wal_level = logical} as the platform's
 * server, stopped and deleted when the JVM ends. Each
 * test class asks for a fresh database of its own. Tests of replication ask for {@link #standby()}:
 * a primary of its own with a streaming standby.
 */
public final class TemporaryPostgres {
    private static final AtomicInteger DATABASE_NUMBER = new AtomicInteger();
    private static final String STANDBY_NAME = "test_standby";
    private static volatile PostgresServer server;
    private static volatile StreamingStandby standby;

    private TemporaryPostgres() {
    }

    /** The server of this JVM, started on first call. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = startServer();
        }
        return server;
    }

    /**
     * A streaming standby of a primary of its own (not {@link #server()}, so that replication
     * lag there is what the test does), both started on first call and stopped when the JVM ends.
     * {@code standby().primary()} is the primary; {@code standby().server()} the standby.
     */
    public static synchronized StreamingStandby standby() {
        if (standby == null) {
            standby = startStandby();
        }
        return standby;
    }

    /** Creates an empty database with a unique name and returns its JDBC URL. */
    public static String freshDatabase(String hint) {
        String name = (hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_" + DATABASE_NUMBER.incrementAndGet());
        name = name.length() > 60 ? name.substring(name.length() - 60) : name;
        if (!Character.isLetter(name.charAt(0))) {
            name = "d" + name.substring(1);
        }
        try (var connection = DriverManager.getConnection(server().jdbcUrl("postgres"));
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().jdbcUrl(name);
    }

    private static PostgresServer startServer() {
        Path home = temporaryFolder("granary-test-postgres-");
        List<PostgresServer> running = stopAndDeleteWhenTheJvmEnds(home, "stop-test-postgres");
        PostgresServer started = PostgresServer.start(settings(home.resolve("data"), Map.of()));
        running.add(started);
        return started;
    }

    private static StreamingStandby startStandby() {
        Path home = temporaryFolder("granary-test-replication-");
        List<PostgresServer> running = stopAndDeleteWhenTheJvmEnds(home, "stop-test-replication");
        // A commit's WAL goes to the standby at once (costless without fsync), and the standby
        // reports its replay every second rather than every 10: lag seen by tests settles sooner.
        // The log is collected (log/ in the data folder), so that it can be read through SQL, as a monitor reads deadlocks.
        PostgresServer primary = PostgresServer.start(settings(home.resolve("primary/data"),
                Map.of("synchronous_commit", "on", "wal_receiver_status_interval", "1s", "logging_collector", "on")));
        running.add(primary);
        Path standbyData = home.resolve("standby/data");
        int standbyPort = FreePorts.outsideEphemeralRange();
        // Stopped first, and even when it never streams: made and started, it would outlive the JVM.
        running.addFirst(StreamingStandby.existing(primary, STANDBY_NAME, standbyData, standbyPort).server());
        return StreamingStandby.start(primary, STANDBY_NAME, standbyData, standbyPort);
    }

    private static PostgresServer.Settings settings(Path data, Map<String, String> more) {
        Map<String, String> configuration = new HashMap<>(Map.of(
                // Logical decoding, as the platform's server has it (metadata-sync captures legacy changes):
                // room for a streaming standby and a few logical slots besides.
                "wal_level", "logical",
                "max_wal_senders", "10",
                "max_replication_slots", "10",
                "fsync", "off",
                "synchronous_commit", "off",
                "full_page_writes", "off",
                "max_connections", "300",
                "shared_buffers", "128MB"));
        configuration.putAll(more);
        Path binariesCache = Path.of(System.getProperty("java.io.tmpdir"), "granary-postgres-binaries");
        return new PostgresServer.Settings(binariesCache, data, FreePorts.outsideEphemeralRange(), configuration);
    }

    /**
     * One hook for all the servers of a folder, stopped in the order of the list it returns:
     * hooks run at the same time, and a folder deleted under a running server leaves it running.
     */
    private static List<PostgresServer> stopAndDeleteWhenTheJvmEnds(Path home, String name) {
        List<PostgresServer> servers = new CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            servers.forEach(PostgresServer::stopImmediately);
            try {
                PostgresBinaries.deleteRecursively(home);
            } catch (IOException ignored) {
                // a temporary folder left behind is harmless
            }
        }, name));
        return servers;
    }

    private static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for the test PostgreSQL", e);
        }
    }

}
