package org.granary.dbmonitor.poll;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.granary.dbmonitor.cluster.Credential;
import org.granary.dbmonitor.cluster.NodeDefinition;

/**
 * The one connection db-monitor keeps to a node, made again when it breaks. Kept open between
 * polls, because a connection per poll would cost the server a backend start each time. Every
 * statement has a time limit, and so has making the connection: a node that does not answer is a
 * finding within the timeout, never a stuck poller. The password is given to the driver only.
 */
final class NodeConnection implements AutoCloseable {
    static final String APPLICATION = "granary-db-monitor";
    private static final String HEARTBEAT_TABLE = "granary_heartbeat";
    /** How long a missing heartbeat table is believed missing. */
    private static final Duration LOOK_AGAIN = Duration.ofMinutes(5);

    private final NodeDefinition node;
    private final Duration timeout;
    private final Map<String, String> environment;
    private Connection connection;
    private PreparedStatement pollStatement;
    private Boolean heartbeatTable;
    private long heartbeatCheckedAt;
    private final ServerLog log = new ServerLog();
    private Long deadlocksCounted;

    NodeConnection(NodeDefinition node, Duration timeout, Map<String, String> environment) {
        this.node = node;
        this.timeout = timeout;
        this.environment = environment;
    }

    NodeDefinition node() {
        return node;
    }

    /**
     * Runs the poll statement; the connection is made first when there is none. The statement is
     * kept prepared on the connection: after a few polls the server plans it once, not every time
     * (planning is most of its cost).
     */
    String poll(String sql, boolean sizes) throws SQLException, PollRefused {
        try {
            if (pollStatement == null) {
                pollStatement = open().prepareStatement(sql);
            }
            pollStatement.setBoolean(1, sizes);
            try (ResultSet row = pollStatement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    /**
     * Writes the heartbeat row on a primary and returns the server's time written; empty when the
     * database has no heartbeat table or the role may not write it (pg_monitor only): lag in time
     * then comes from the server's own figures.
     */
    Optional<Double> writeHeartbeat(String key) throws SQLException, PollRefused {
        if (!heartbeatTableReady()) {
            return Optional.empty();
        }
        try (PreparedStatement statement = open().prepareStatement("INSERT INTO " + HEARTBEAT_TABLE + " (source, written_at) VALUES (?, "
                + "clock_timestamp()) ON CONFLICT (source) DO UPDATE SET written_at = excluded.written_at "
                + "RETURNING extract(epoch FROM written_at)")) {
            statement.setString(1, key);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return Optional.of(row.getDouble(1));
            }
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState()) || "25006".equals(e.getSQLState())) { // insufficient privilege; read-only
                heartbeatTable = false;
                return Optional.empty();
            }
            close();
            throw e;
        }
    }

    /** The heartbeat a standby has replayed, in the primary's clock; empty when it has none. */
    Optional<Double> readHeartbeat(String key) throws SQLException, PollRefused {
        if (!heartbeatTableReady()) {
            return Optional.empty();
        }
        try (PreparedStatement statement = open().prepareStatement("SELECT extract(epoch FROM written_at) FROM " + HEARTBEAT_TABLE
                + " WHERE source = ?")) {
            statement.setString(1, key);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getDouble(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    /**
     * The details of the deadlocks the server counted since the last poll ({@code total} is its
     * count now), from its log; none at the first poll, which marks where reading starts.
     */
    List<String> newDeadlocks(long total) throws SQLException, PollRefused {
        Long before = deadlocksCounted;
        deadlocksCounted = total;
        if (before == null) {
            log.markEnd(open());
            return List.of();
        }
        return total > before ? log.deadlocksSinceLastRead(open()) : List.of();
    }

    /**
     * Whether the node's database has the heartbeat table. db-monitor never makes it: a monitored
     * database's schema is its owner's (and schema-patches would report the table as drift); the
     * DBA makes it (see the README), the launcher makes it for the platform's own server.
     */
    private boolean heartbeatTableReady() throws SQLException, PollRefused {
        if (heartbeatTable != null && (heartbeatTable || System.nanoTime() - heartbeatCheckedAt < LOOK_AGAIN.toNanos())) {
            return heartbeatTable;
        }
        heartbeatCheckedAt = System.nanoTime();
        try (Statement statement = open().createStatement();
                ResultSet row = statement.executeQuery("SELECT to_regclass('" + HEARTBEAT_TABLE + "') IS NOT NULL")) {
            row.next();
            heartbeatTable = row.getBoolean(1);
        } catch (SQLException e) {
            close();
            throw e;
        }
        return heartbeatTable;
    }

    private Connection open() throws SQLException, PollRefused {
        if (connection != null) {
            return connection;
        }
        Properties properties = new Properties();
        properties.setProperty("user", node.user());
        if (node.password() != null) {
            Credential.Resolved password = node.password().resolve(environment);
            if (!password.present()) {
                throw new PollRefused("no password for " + node.user() + ": " + password.problem());
            }
            properties.setProperty("password", password.password());
        }
        long seconds = Math.max(1, timeout.toSeconds());
        properties.setProperty("connectTimeout", String.valueOf(seconds));
        properties.setProperty("loginTimeout", String.valueOf(seconds));
        properties.setProperty("socketTimeout", String.valueOf(seconds + 1));
        properties.setProperty("ApplicationName", APPLICATION);
        properties.setProperty("options", "-c statement_timeout=" + timeout.toMillis() + " -c lock_timeout=" + timeout.toMillis());
        properties.setProperty("assumeMinServerVersion", "12");
        connection = DriverManager.getConnection("jdbc:postgresql://" + hostForUrl() + ":" + node.port() + "/" + node.database(), properties);
        connection.setAutoCommit(true);
        return connection;
    }

    private String hostForUrl() {
        return node.host().contains(":") && !node.host().startsWith("[") ? "[" + node.host() + "]" : node.host();
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is already broken; a new one is made at the next poll
            }
            connection = null;
            pollStatement = null;
            heartbeatTable = null; // looked for again: a DBA may have made it meanwhile
        }
    }

    /** The poll was not tried: something on db-monitor's side is missing (a password, say). */
    static final class PollRefused extends Exception {
        private static final long serialVersionUID = 1L;

        PollRefused(String message) {
            super(message);
        }
    }
}
