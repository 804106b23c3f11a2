package org.granary.platform.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalInt;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears of every revocation, on a connection of its own to the auth database ({@code LISTEN}), and
 * drops the revoked token from this service's cache.
 *
 * <p>The cache may be used only while this listener is known to hear: {@link #trusted()} holds
 * from the moment it listens until twice the heartbeat after its last good check of the
 * connection. While it does not hold (not yet listening, connection lost, a check that hangs),
 * every request asks the database. Each time it starts listening again the whole cache is
 * forgotten, since notices sent meanwhile were lost. It reconnects with backoff and logs each
 * change of state.
 */
final class RevocationListener implements AutoCloseable {
    /** The channel the revoking transaction notifies, with the revoked token's secret hash. */
    static final String CHANNEL = "granary_auth_token_revoked";
    private static final Logger log = LoggerFactory.getLogger(RevocationListener.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(10);

    private final AuthDatabase.ConnectionOpener connections;
    private final TokenCache cache;
    private final Duration heartbeat;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long trustedUntilNanos = System.nanoTime();
    private volatile int backendPid;
    private volatile Connection current;

    RevocationListener(AuthDatabase.ConnectionOpener connections, TokenCache cache, Duration heartbeat) {
        this.connections = connections;
        this.cache = cache;
        this.heartbeat = heartbeat;
        this.thread = Thread.ofPlatform().daemon().name("granary-revocation-listener").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Whether every revocation committed until now has reached the cache or will before it is used. */
    boolean trusted() {
        return System.nanoTime() - trustedUntilNanos < 0;
    }

    /** The server process of the listening connection, while there is one (operators and tests kill it). */
    OptionalInt backendPid() {
        int pid = backendPid;
        return pid == 0 ? OptionalInt.empty() : OptionalInt.of(pid);
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (running) {
            boolean listened = false;
            try (Connection connection = connections.open()) {
                current = connection;
                PGConnection notices = connection.unwrap(PGConnection.class);
                listen(connection);
                listened = true;
                hear(connection, notices);
            } catch (SQLException | RuntimeException e) {
                distrust();
                if (!running) {
                    break;
                }
                retry = listened ? FIRST_RETRY : retry;
                log.warn("token revocation listener {} ({}): every request asks the auth database until it listens again; "
                        + "next attempt in {} ms", listened ? "lost its connection" : "cannot listen", e.getMessage(), retry.toMillis());
                if (!pause(retry)) {
                    break;
                }
                Duration doubled = retry.multipliedBy(2);
                retry = doubled.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : doubled;
            } finally {
                current = null;
            }
        }
    }

    private void listen(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
            try (var pid = statement.executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                backendPid = pid.getInt(1);
            }
        }
        // Revocations committed before LISTEN took effect were never announced to this connection.
        cache.forgetAll();
        log.info("token revocation listener: listening on {} (backend pid {}); checked tokens are cached", CHANNEL, backendPid);
    }

    /** Checks the connection, trusts the cache for two heartbeats, waits for notices; until it fails or stops. */
    private void hear(Connection connection, PGConnection notices) throws SQLException {
        int checkSeconds = Math.clamp(heartbeat.toSeconds(), 1, Integer.MAX_VALUE);
        int waitMillis = Math.clamp(heartbeat.toMillis(), 1, Integer.MAX_VALUE);
        while (running) {
            long checkStart = System.nanoTime();
            if (!connection.isValid(checkSeconds)) {
                throw new SQLException("the connection did not answer its check within " + checkSeconds + " s");
            }
            forget(notices.getNotifications());
            trustedUntilNanos = checkStart + heartbeat.multipliedBy(2).toNanos();
            forget(notices.getNotifications(waitMillis));
        }
    }

    private void forget(PGNotification[] notifications) {
        if (notifications == null) {
            return;
        }
        for (PGNotification notification : notifications) {
            if (CHANNEL.equals(notification.getName())) {
                cache.forget(notification.getParameter());
            }
        }
    }

    private void distrust() {
        trustedUntilNanos = System.nanoTime();
        backendPid = 0;
        cache.forgetAll();
    }

    private boolean pause(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        distrust();
        Connection connection = current;
        if (connection != null) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException e) {
                log.debug("closing the revocation listener's connection failed", e);
            }
        }
        thread.interrupt();
        try {
            thread.join(heartbeat.plusSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
