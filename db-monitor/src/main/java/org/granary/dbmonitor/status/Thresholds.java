package org.granary.dbmonitor.status;

import java.time.Duration;
import org.granary.dbmonitor.cluster.Stage;

/**
 * Where a figure turns a cluster cloudy or stormy. Built-in values follow common practice for
 * streaming replication and OLTP databases; development and testing clusters are allowed more.
 */
public record Thresholds(
        Duration lagCloudy, Duration lagStormy, long lagBytesCloudy, long lagBytesStormy,
        Duration deadlockWindow, int deadlocksCloudy, int deadlocksStormy,
        Duration blockedCloudy, Duration blockedStormy, Duration longTransactionCloudy, Duration idleInTransactionCloudy,
        double connectionsCloudy, double connectionsStormy, long slotRetainedCloudy, long slotRetainedStormy,
        long xidAgeCloudy, long xidAgeStormy, long archiveReadyCloudy, long archiveReadyStormy) {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    public static Thresholds defaults(Stage stage) {
        int slack = switch (stage) {
            case OPERATIONS -> 1;
            case TESTING -> 2;
            case DEVELOPMENT -> 4;
        };
        return new Thresholds(Duration.ofSeconds(30L * slack), Duration.ofMinutes(5L * slack), 64 * MIB * slack, GIB * slack,
                Duration.ofMinutes(5), slack, 5 * slack,
                Duration.ofSeconds(30L * slack), Duration.ofMinutes(5L * slack), Duration.ofHours(slack), Duration.ofMinutes(10L * slack),
                0.8, 0.95, GIB * slack, 10 * GIB * slack,
                500_000_000L, 1_200_000_000L, 10, 100);
    }

    /** These thresholds with every value the overrides set replaced. */
    public Thresholds with(Overrides o) {
        if (o == null) {
            return this;
        }
        return new Thresholds(or(o.lagCloudy(), lagCloudy), or(o.lagStormy(), lagStormy), or(o.lagBytesCloudy(), lagBytesCloudy),
                or(o.lagBytesStormy(), lagBytesStormy), or(o.deadlockWindow(), deadlockWindow), or(o.deadlocksCloudy(), deadlocksCloudy),
                or(o.deadlocksStormy(), deadlocksStormy), or(o.blockedCloudy(), blockedCloudy), or(o.blockedStormy(), blockedStormy),
                or(o.longTransactionCloudy(), longTransactionCloudy), or(o.idleInTransactionCloudy(), idleInTransactionCloudy),
                or(o.connectionsCloudy(), connectionsCloudy), or(o.connectionsStormy(), connectionsStormy),
                or(o.slotRetainedCloudy(), slotRetainedCloudy), or(o.slotRetainedStormy(), slotRetainedStormy),
                or(o.xidAgeCloudy(), xidAgeCloudy), or(o.xidAgeStormy(), xidAgeStormy),
                or(o.archiveReadyCloudy(), archiveReadyCloudy), or(o.archiveReadyStormy(), archiveReadyStormy));
    }

    private static <T> T or(T override, T value) {
        return override == null ? value : override;
    }

    /** Settings of {@code granary.db-monitor.thresholds.<stage>.*}: each one set replaces the built-in value. */
    public record Overrides(
            Duration lagCloudy, Duration lagStormy, Long lagBytesCloudy, Long lagBytesStormy,
            Duration deadlockWindow, Integer deadlocksCloudy, Integer deadlocksStormy,
            Duration blockedCloudy, Duration blockedStormy, Duration longTransactionCloudy, Duration idleInTransactionCloudy,
            Double connectionsCloudy, Double connectionsStormy, Long slotRetainedCloudy, Long slotRetainedStormy,
            Long xidAgeCloudy, Long xidAgeStormy, Long archiveReadyCloudy, Long archiveReadyStormy) {
    }
}
