package org.granary.dbmonitor.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.granary.dbmonitor.cluster.NodeRole;
import org.granary.dbmonitor.poll.NodeSample;

/** A cluster's weather from its nodes' status, each reason in words an operator acts on. */
final class WeatherRules {
    private final Thresholds limits;
    private final List<Reason> reasons = new ArrayList<>();

    private WeatherRules(Thresholds limits) {
        this.limits = limits;
    }

    /** The reasons, worst first; none when the cluster is fair. */
    static List<Reason> assess(List<NodeStatus> nodes, Thresholds limits) {
        WeatherRules rules = new WeatherRules(limits);
        nodes.forEach(rules::node);
        List<Reason> found = new ArrayList<>(rules.reasons);
        found.sort((a, b) -> b.weather().compareTo(a.weather()));
        return found;
    }

    static Weather weather(List<NodeStatus> nodes, List<Reason> reasons) {
        if (nodes.stream().noneMatch(NodeStatus::reachable)) {
            return Weather.UNKNOWN.worse(reasons.stream().map(Reason::weather).reduce(Weather.FAIR, Weather::worse));
        }
        return reasons.stream().map(Reason::weather).reduce(Weather.FAIR, Weather::worse);
    }

    private void node(NodeStatus node) {
        if (!node.reachable()) {
            add(Weather.STORMY, node, (node.expectedRole() == NodeRole.PRIMARY ? "primary " : "standby ") + node.name()
                    + " does not answer: " + node.failure());
            return;
        }
        if (node.role() != node.expectedRole()) {
            add(Weather.STORMY, node, node.name() + " is a " + node.role().wireName() + ", expected a " + node.expectedRole().wireName()
                    + " (a failover or a promotion?)");
        }
        if (node.role() == NodeRole.STANDBY) {
            standby(node);
        }
        sessions(node);
        capacity(node);
        replicationSlots(node);
        archiving(node);
    }

    private void standby(NodeStatus node) {
        if (Boolean.TRUE.equals(node.replayPaused())) {
            add(Weather.CLOUDY, node, "replay is paused on standby " + node.name());
        }
        if (!"streaming".equals(node.receiverStatus())) {
            add(Weather.STORMY, node, "standby " + node.name() + " is not streaming from its primary ("
                    + (node.receiverStatus() == null ? "no WAL receiver" : node.receiverStatus()) + ")");
        }
        Double seconds = node.lagSeconds();
        Long bytes = node.lagBytes();
        Weather byTime = seconds == null ? Weather.FAIR : level(seconds, limits.lagCloudy(), limits.lagStormy());
        Weather byBytes = bytes == null ? Weather.FAIR : level(bytes, limits.lagBytesCloudy(), limits.lagBytesStormy());
        Weather lag = byTime.worse(byBytes);
        if (lag != Weather.FAIR) {
            add(lag, node, "standby " + node.name() + " is " + seconds(seconds == null ? 0 : seconds) + " behind ("
                    + bytes(bytes == null ? 0 : bytes) + " of WAL not replayed)");
        }
    }

    private void sessions(NodeStatus node) {
        if (node.deadlocksInWindow() != null && node.deadlocksInWindow() >= limits.deadlocksCloudy()) {
            Weather weather = node.deadlocksInWindow() >= limits.deadlocksStormy() ? Weather.STORMY : Weather.CLOUDY;
            add(weather, node, node.deadlocksInWindow() + (node.deadlocksInWindow() == 1 ? " deadlock" : " deadlocks") + " on " + node.name()
                    + " in the last " + minutes(limits.deadlockWindow()));
        }
        if (node.blockedSessions() != null && node.blockedSessions() > 0 && node.longestLockWaitSeconds() != null) {
            Weather weather = level(node.longestLockWaitSeconds(), limits.blockedCloudy(), limits.blockedStormy());
            if (weather != Weather.FAIR) {
                add(weather, node, node.blockedSessions() + (node.blockedSessions() == 1 ? " session" : " sessions") + " blocked on "
                        + node.name() + ", the longest for " + seconds(node.longestLockWaitSeconds()));
            }
        }
        if (node.longestTransactionSeconds() != null && node.longestTransactionSeconds() >= limits.longTransactionCloudy().toSeconds()) {
            add(Weather.CLOUDY, node, "a transaction on " + node.name() + " has been open for " + seconds(node.longestTransactionSeconds()));
        }
        if (node.longestIdleInTransactionSeconds() != null
                && node.longestIdleInTransactionSeconds() >= limits.idleInTransactionCloudy().toSeconds()) {
            add(Weather.CLOUDY, node, "a session on " + node.name() + " is idle in a transaction for " + seconds(node.longestIdleInTransactionSeconds()));
        }
    }

    private void capacity(NodeStatus node) {
        if (node.connections() != null && node.maxConnections() != null && node.maxConnections() > 0) {
            double used = (double) node.connections() / node.maxConnections();
            Weather weather = used >= limits.connectionsStormy() ? Weather.STORMY : used >= limits.connectionsCloudy() ? Weather.CLOUDY : Weather.FAIR;
            if (weather != Weather.FAIR) {
                add(weather, node, node.name() + " uses " + node.connections() + " of " + node.maxConnections() + " connections");
            }
        }
        if (node.xidAge() != null && node.xidAge() >= limits.xidAgeCloudy()) {
            add(node.xidAge() >= limits.xidAgeStormy() ? Weather.STORMY : Weather.CLOUDY, node, "transaction-ID age on " + node.name() + " is "
                    + String.format(Locale.ROOT, "%,d", node.xidAge()) + " (wraparound at 2,147,483,648; vacuum freeze)");
        }
    }

    private void replicationSlots(NodeStatus node) {
        for (NodeSample.Slot slot : node.slots()) {
            long retained = slot.retainedBytes() == null ? 0 : slot.retainedBytes();
            Weather weather = level(retained, limits.slotRetainedCloudy(), limits.slotRetainedStormy());
            if (!slot.active()) {
                add(weather.worse(Weather.CLOUDY), node, "replication slot " + slot.name() + " on " + node.name() + " is inactive and retains "
                        + bytes(retained) + " of WAL");
            } else if (weather != Weather.FAIR) {
                add(weather, node, "replication slot " + slot.name() + " on " + node.name() + " retains " + bytes(retained) + " of WAL");
            }
        }
    }

    private void archiving(NodeStatus node) {
        NodeSample.Archiver archiver = node.archiver();
        if (archiver == null || archiver.ready() == null) {
            return;
        }
        Weather weather = level(archiver.ready(), limits.archiveReadyCloudy(), limits.archiveReadyStormy());
        if (archiver.failed() > 0 && archiver.lastFailedTime() != null
                && (archiver.lastArchivedTime() == null || archiver.lastFailedTime() > archiver.lastArchivedTime())) {
            add(weather.worse(Weather.CLOUDY), node, "WAL archiving fails on " + node.name() + " (last failed: " + archiver.lastFailedWal() + "; "
                    + archiver.ready() + " segments waiting)");
        } else if (weather != Weather.FAIR) {
            add(weather, node, archiver.ready() + " WAL segments wait to be archived on " + node.name());
        }
    }

    private void add(Weather weather, NodeStatus node, String text) {
        reasons.add(new Reason(weather, node.name(), text));
    }

    private static Weather level(double value, Duration cloudy, Duration stormy) {
        return value >= stormy.toMillis() / 1000.0 ? Weather.STORMY : value >= cloudy.toMillis() / 1000.0 ? Weather.CLOUDY : Weather.FAIR;
    }

    private static Weather level(long value, long cloudy, long stormy) {
        return value >= stormy ? Weather.STORMY : value >= cloudy ? Weather.CLOUDY : Weather.FAIR;
    }

    static String seconds(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    private static String minutes(Duration window) {
        return window.toMinutes() + " minutes";
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
