package org.granary.dbmonitor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.granary.dbmonitor.status.Thresholds;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of db-monitor.
 *
 * @param clustersFile the JSON file of clusters (see the README); watched, and rewritten when an operator edits a cluster through the API
 * @param pollInterval how often every node is polled
 * @param pollTimeout how long one node's poll may take, connecting included; longer is a finding
 * @param retention how long raw samples are kept (daily partitions are dropped after it)
 * @param hourlyRetention how long the hourly downsampled series are kept
 * @param heartbeatKey this monitor's rows in each primary's {@code granary_heartbeat} table are {@code <key>/<cluster>}
 * @param thresholds per stage ({@code development}, {@code testing}, {@code operations}): overrides of the built-in thresholds
 */
@ConfigurationProperties("granary.db-monitor")
public record MonitorProperties(
        Path clustersFile,
        @DefaultValue("10s") Duration pollInterval,
        @DefaultValue("5s") Duration pollTimeout,
        @DefaultValue("14d") Duration retention,
        @DefaultValue("400d") Duration hourlyRetention,
        @DefaultValue("granary-db-monitor") String heartbeatKey,
        Map<String, Thresholds.Overrides> thresholds) {
    public MonitorProperties {
        if (clustersFile == null) {
            throw new IllegalArgumentException("granary.db-monitor.clusters-file is required (the launcher sets it)");
        }
        if (pollInterval.compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalArgumentException("granary.db-monitor.poll-interval is at least 200 ms, was " + pollInterval);
        }
        if (pollTimeout.isNegative() || pollTimeout.isZero() || pollTimeout.compareTo(pollInterval) > 0) {
            throw new IllegalArgumentException("granary.db-monitor.poll-timeout is more than 0 and at most the poll interval, was " + pollTimeout);
        }
        thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
    }
}
