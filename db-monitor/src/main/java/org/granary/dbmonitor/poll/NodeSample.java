package org.granary.dbmonitor.poll;

import java.util.List;

/**
 * What one poll read from one node ({@code poll.sql}), as the server said it. LSNs are byte
 * positions in the WAL; times are seconds since the epoch by the server's clock.
 */
public record NodeSample(
        boolean recovery, double serverTime, int version, int maxConnections, long connections, long activeConnections,
        Long currentLsn, Long receivedLsn, Long replayedLsn, Boolean replayPaused, Double lastReplayTime, Receiver receiver,
        List<DatabaseStats> databases, Sizes sizes, List<Replication> replication, List<Slot> slots,
        Archiver archiver, List<Session> sessions) {
    public NodeSample {
        databases = databases == null ? List.of() : List.copyOf(databases);
        replication = replication == null ? List.of() : List.copyOf(replication);
        slots = slots == null ? List.of() : List.copyOf(slots);
        sessions = sessions == null ? List.of() : List.copyOf(sessions);
    }

    /** A standby's WAL receiver. */
    public record Receiver(String status, String senderHost, String slot) {
    }

    /** Counters since the statistics were reset, and the transaction-ID age, of one database. */
    public record DatabaseStats(String name, long commits, long rollbacks, long deadlocks, long xidAge) {
    }

    /** Every database's size and the largest tables of the polled one; read once a minute, not every poll. */
    public record Sizes(List<DatabaseSize> databases, List<TableSize> tables) {
        public Sizes {
            databases = databases == null ? List.of() : List.copyOf(databases);
            tables = tables == null ? List.of() : List.copyOf(tables);
        }

        public long totalBytes() {
            return databases.stream().mapToLong(DatabaseSize::bytes).sum();
        }
    }

    public record DatabaseSize(String name, long bytes) {
    }

    public record TableSize(String name, long bytes) {
    }

    /** This sample with the sizes of an earlier one, when it read none of its own. */
    public NodeSample withSizes(Sizes earlier) {
        if (sizes != null || earlier == null) {
            return this;
        }
        return new NodeSample(recovery, serverTime, version, maxConnections, connections, activeConnections, currentLsn, receivedLsn,
                replayedLsn, replayPaused, lastReplayTime, receiver, databases, earlier, replication, slots, archiver, sessions);
    }

    /** One standby as its primary sees it ({@code pg_stat_replication}). */
    public record Replication(String application, String client, String state, String syncState, String slot, Long sentLsn,
            Long flushedLsn, Long replayedLsn, Double flushLag, Double replayLag) {
    }

    public record Slot(String name, String type, boolean active, String walStatus, Long retainedBytes) {
    }

    public record Archiver(String mode, long archived, long failed, String lastFailedWal, Double lastFailedTime, Double lastArchivedTime,
            Long ready) {
    }

    /** A session worth showing: in a long transaction, idle in one, blocked, or blocking. */
    public record Session(int pid, String user, String database, String application, String state, Double transactionSeconds,
            Double stateSeconds, String waitEventType, String waitEvent, Double lockWaitSeconds, List<Integer> blockedBy, String query) {
        public Session {
            blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
        }
    }

    /** The total of a counter over every database. */
    public long total(java.util.function.ToLongFunction<DatabaseStats> counter) {
        return databases.stream().mapToLong(counter).sum();
    }
}
