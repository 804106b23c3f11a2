package org.granary.dbmonitor.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.granary.dbmonitor.cluster.NodeRole;
import org.granary.dbmonitor.poll.NodeSample;

/**
 * One node as its last poll found it, with the figures derived from it: rates from the previous
 * poll, lag from the primary's position and the heartbeat. Figures a poll could not know are null.
 *
 * @param name the node's name
 * @param expectedRole what the clusters file says it is
 * @param role what it is; null when unreachable
 * @param failure why the last poll read nothing; null when it read
 * @param polledAt when the last poll began
 * @param pollMillis how long it took
 * @param lagBytes a standby's replay position behind its primary's current one
 * @param receiveLagBytes a standby's received position behind its primary's
 * @param lagSeconds a standby's replay behind its primary, at least (see {@link Heartbeats})
 * @param replayPaused whether replay is paused on a standby
 * @param receiverStatus a standby's WAL receiver ({@code streaming}); null when it has none
 * @param connections client connections
 * @param maxConnections the server's {@code max_connections}
 * @param commitsPerSecond commits per second over every database since the previous poll
 * @param rollbacksPerSecond rollbacks per second, likewise
 * @param deadlocks deadlocks counted since the previous poll
 * @param deadlocksInWindow deadlocks counted in the stage's deadlock window
 * @param blockedSessions sessions waiting for a lock another session holds
 * @param longestLockWaitSeconds the longest of those waits
 * @param longestTransactionSeconds the oldest open transaction's age
 * @param idleInTransaction sessions idle in a transaction
 * @param longestIdleInTransactionSeconds the longest of those idles
 * @param xidAge the oldest database's transaction-ID age
 * @param databaseBytes every database's size together
 * @param largestTables the largest tables of the polled database
 * @param replication a primary's standbys as it sees them
 * @param slots replication slots
 * @param archiver WAL archiving
 * @param sessions sessions in long or idle transactions, blocked, or blocking
 * @param deadlockDetails each deadlock of this poll as the server logged it (or why that could not be read)
 */
public record NodeStatus(
        String name, NodeRole expectedRole, NodeRole role, String failure, Instant polledAt, long pollMillis,
        Long lagBytes, Long receiveLagBytes, Double lagSeconds, Boolean replayPaused, String receiverStatus,
        Long connections, Integer maxConnections, Double commitsPerSecond, Double rollbacksPerSecond, Long deadlocks, Long deadlocksInWindow,
        Integer blockedSessions, Double longestLockWaitSeconds, Double longestTransactionSeconds, Integer idleInTransaction,
        Double longestIdleInTransactionSeconds, Long xidAge, Long databaseBytes, List<NodeSample.TableSize> largestTables,
        List<NodeSample.Replication> replication, List<NodeSample.Slot> slots, NodeSample.Archiver archiver,
        List<NodeSample.Session> sessions, List<String> deadlockDetails) {
    /** The name of every figure {@link #metrics()} may hold. */
    public static final Set<String> METRICS = Set.of("up", "poll_seconds", "lag_bytes", "receive_lag_bytes", "lag_seconds", "connections",
            "max_connections", "commits_per_second", "rollbacks_per_second", "deadlocks", "blocked_sessions", "longest_lock_wait_seconds",
            "longest_transaction_seconds", "idle_in_transaction", "xid_age", "database_bytes", "largest_table_bytes", "slot_retained_bytes",
            "archive_ready");

    public boolean reachable() {
        return failure == null;
    }

    /** The figures stored as time series, by metric name; absent ones are left out. */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("up", reachable() ? 1.0 : 0.0);
        metrics.put("poll_seconds", pollMillis / 1000.0);
        put(metrics, "lag_bytes", lagBytes);
        put(metrics, "receive_lag_bytes", receiveLagBytes);
        put(metrics, "lag_seconds", lagSeconds);
        put(metrics, "connections", connections);
        put(metrics, "max_connections", maxConnections);
        put(metrics, "commits_per_second", commitsPerSecond);
        put(metrics, "rollbacks_per_second", rollbacksPerSecond);
        put(metrics, "deadlocks", deadlocks);
        put(metrics, "blocked_sessions", blockedSessions);
        put(metrics, "longest_lock_wait_seconds", longestLockWaitSeconds);
        put(metrics, "longest_transaction_seconds", longestTransactionSeconds);
        put(metrics, "idle_in_transaction", idleInTransaction);
        put(metrics, "xid_age", xidAge);
        put(metrics, "database_bytes", databaseBytes);
        if (largestTables != null && !largestTables.isEmpty()) {
            metrics.put("largest_table_bytes", (double) largestTables.getFirst().bytes());
        }
        if (slots != null) {
            slots.stream().map(NodeSample.Slot::retainedBytes).filter(java.util.Objects::nonNull).mapToLong(Long::longValue).max()
                    .ifPresent(bytes -> metrics.put("slot_retained_bytes", (double) bytes));
        }
        if (archiver != null && archiver.ready() != null) {
            metrics.put("archive_ready", (double) archiver.ready());
        }
        return metrics;
    }

    private static void put(Map<String, Double> metrics, String name, Number value) {
        if (value != null) {
            metrics.put(name, value.doubleValue());
        }
    }
}
