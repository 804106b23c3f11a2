package org.granary.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of a test JVM: started on first use in a temporary folder, on a free
 * port, tuned for speed over durability (no fsync), stopped and deleted when the JVM ends. Each
 * test class asks for a fresh database of its own.
 */
public final class TemporaryPostgres {
    private static final AtomicInteger DATABASE_NUMBER = new AtomicInteger();
    private static volatile PostgresServer server;

    private TemporaryPostgres() {
    }

    /** The server of this JVM, started on first call. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = startServer();
        }
        return server;
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
        try {
            Path home = Files.createTempDirectory("granary-test-postgres-");
            Path binariesCache = Path.of(System.getProperty("java.io.tmpdir"), "granary-postgres-binaries");
            var settings = new PostgresServer.Settings(binariesCache, home.resolve("data"), freePort(), Map.of(
                    "fsync", "off",
                    "synchronous_commit", "off",
                    "full_page_writes", "off",
                    "max_connections", "300",
                    "shared_buffers", "128MB"));
            PostgresServer started = PostgresServer.start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.stopImmediately();
                try {
                    PostgresBinaries.deleteRecursively(home);
                } catch (IOException ignored) {
                    // a temporary folder left behind is harmless
                }
            }, "stop-test-postgres"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL", e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
