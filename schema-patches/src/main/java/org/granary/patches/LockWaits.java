package org.granary.patches;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what an applier waits for. A patch statement that needs a table lock queues behind every
 * transaction holding a conflicting one (a report reading the table, an idle-in-transaction
 * session), up to the lock timeout; and an applier waits for another applier's advisory lock. A DBA
 * watching the run needs the session in the way, not a silent pause: after a second of waiting (or
 * half the lock timeout),
 * the blockers are logged (pid, role, application, client, how long their transaction has run,
 * their query), from a second connection since the waiting one cannot ask.
 */
final class LockWaits implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LockWaits.class);
    private static final Duration LONGEST_FIRST_LOOK = Duration.ofSeconds(1);
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(5);
    private static final String BLOCKERS = """
            SELECT a.pid, a.usename, a.application_name, coalesce(host(a.client_addr), 'unix socket'), a.state,
                   date_trunc('second', clock_timestamp() - coalesce(a.xact_start, a.query_start))::text, left(a.query, 300)
            FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids(?)) ORDER BY a.pid""";

    private final DataSource dataSource;
    private final int waiterPid;
    private final Duration firstLook;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private volatile List<Blocker> lastSeen = List.of();

    /** A session in the way: what {@code pg_stat_activity} says of it. */
    record Blocker(int pid, String role, String application, String client, String state, String transactionAge, String query) {
        @Override
        public String toString() {
            return "pid " + pid + " (role " + role + (application.isEmpty() ? "" : ", " + application) + ", from " + client + ", " + state
                    + ", in its transaction for " + transactionAge + "): " + query.strip().replaceAll("\\s+", " ");
        }
    }

    private LockWaits(DataSource dataSource, int waiterPid, Duration firstLook) {
        this.dataSource = dataSource;
        this.waiterPid = waiterPid;
        this.firstLook = firstLook;
    }

    /**
     * Watches {@code waiter}'s session. The first look comes after a second, or after half the lock
     * timeout when that is shorter, so that a statement the timeout ends can still say what it waited for.
     */
    static LockWaits of(DataSource dataSource, Connection waiter, Duration lockTimeout) throws SQLException {
        Duration firstLook = lockTimeout.isZero() || lockTimeout.dividedBy(2).compareTo(LONGEST_FIRST_LOOK) > 0
                ? LONGEST_FIRST_LOOK : lockTimeout.dividedBy(2);
        try (var statement = waiter.createStatement(); ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return new LockWaits(dataSource, row.getInt(1), firstLook);
        }
    }

    /**
     * Watches while {@code work} runs: {@code waitingFor} names what waits, as in "statement 2 of
     * patch 0003-x.sql". Only a wait longer than the first look opens the second connection.
     */
    <T> T watch(String waitingFor, SchemaPatcher.LockedWork<T> work) throws SQLException {
        lastSeen = List.of();
        ScheduledFuture<?> look = scheduler.scheduleWithFixedDelay(() -> look(waitingFor), firstLook.toMillis(),
                LOOK_AGAIN.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return work.run();
        } finally {
            look.cancel(false);
        }
    }

    /** The sessions the last look found in the way; empty when there was no look or nobody was. */
    List<Blocker> lastSeen() {
        return lastSeen;
    }

    /** For a message: {@code ; it waited for pid 4711 (...): LOCK TABLE ...}, or nothing. */
    String describeLastSeen() {
        List<Blocker> blockers = lastSeen;
        return blockers.isEmpty() ? "" : "\n  it waited for " + String.join("\n  and for ", blockers.stream().map(Blocker::toString).toList());
    }

    private void look(String waitingFor) {
        List<Blocker> blockers = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); var query = connection.prepareStatement(BLOCKERS)) {
            query.setInt(1, waiterPid);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    blockers.add(new Blocker(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            String.valueOf(rows.getString(5)), rows.getString(6), String.valueOf(rows.getString(7))));
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("cannot see what {} waits for: {}", waitingFor, e.getMessage());
            return;
        }
        if (!blockers.isEmpty()) {
            lastSeen = List.copyOf(blockers);
            log.warn("{} waits for a lock held by {}", waitingFor, String.join("; and by ", blockers.stream().map(Blocker::toString).toList()));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
