package org.granary.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the primary must allow before a standby can be made of it. */
final class PrimaryForReplication {
    private static final Logger log = LoggerFactory.getLogger(PrimaryForReplication.class);

    private PrimaryForReplication() {
    }

    /** Checks the settings, lets replication connections in, and creates the slot {@code slot} unless it exists. */
    static void prepare(PostgresServer primary, String slot) throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(primary.jdbcUrl("postgres"))) {
            requireReplicationSettings(connection, primary);
            allowReplicationConnections(connection, primary);
            try (var create = connection.prepareStatement("SELECT pg_create_physical_replication_slot(?, true) "
                    + "WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)")) {
                create.setString(1, slot);
                create.setString(2, slot);
                create.execute();
            }
        }
    }

    /** These need a restart of the primary to change, so we say what is wrong rather than change them. */
    private static void requireReplicationSettings(Connection connection, PostgresServer primary) throws SQLException {
        try (var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT current_setting('wal_level') <> 'minimal' "
                        + "AND current_setting('max_wal_senders')::int > 0 AND current_setting('max_replication_slots')::int > 0, "
                        + "(SELECT count(*) FROM pg_tablespace WHERE spcname NOT IN ('pg_default', 'pg_global'))")) {
            result.next();
            if (!result.getBoolean(1)) {
                throw new IllegalStateException("the server on port " + primary.port() + " allows no streaming standby: it needs "
                        + "wal_level replica or logical, max_wal_senders and max_replication_slots above 0, and a restart");
            }
            if (result.getLong(2) > 0) {
                // A standby on the same machine would share the primary's tablespace folders.
                throw new IllegalStateException("the server on port " + primary.port() + " has tablespaces: no standby on this machine");
            }
        }
    }

    /**
     * initdb's trust configuration lets replication connections from 127.0.0.1 in, but a
     * {@code pg_hba.conf} edited since may not: we try one, as the standby will connect, and
     * add a line for the superuser from 127.0.0.1 when it is refused.
     */
    private static void allowReplicationConnections(Connection connection, PostgresServer primary) throws SQLException, IOException {
        if (acceptsReplication(primary)) {
            return;
        }
        Files.writeString(primary.dataDirectory().resolve("pg_hba.conf"), "\n# Granary: streaming standbys on this machine\n"
                + "host replication " + PostgresServer.SUPERUSER + " 127.0.0.1/32 trust\n", StandardOpenOption.APPEND);
        try (var reload = connection.createStatement()) {
            reload.execute("SELECT pg_reload_conf()");
        }
        // The postmaster rereads the file when it gets to the signal: new connections see it a moment later.
        Instant deadline = Instant.now().plusSeconds(10);
        while (!acceptsReplication(primary)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the server on port " + primary.port() + " refuses replication connections "
                        + "from 127.0.0.1 although we added a line for them to " + primary.dataDirectory().resolve("pg_hba.conf"));
            }
            pause();
        }
        log.info("allowed replication connections from 127.0.0.1 in {}", primary.dataDirectory().resolve("pg_hba.conf"));
    }

    private static boolean acceptsReplication(PostgresServer primary) throws SQLException {
        Properties replication = new Properties();
        replication.setProperty("replication", "true");
        replication.setProperty("assumeMinServerVersion", "10");
        replication.setProperty("preferQueryMode", "simple");
        try {
            DriverManager.getConnection(primary.jdbcUrl("postgres"), replication).close();
            return true;
        } catch (SQLException e) {
            if ("28000".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the primary to reload pg_hba.conf", e);
        }
    }
}
