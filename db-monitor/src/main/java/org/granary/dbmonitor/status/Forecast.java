package org.granary.dbmonitor.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.granary.dbmonitor.cluster.ClusterDefinition;
import org.granary.dbmonitor.history.SeriesRepository;
import org.granary.dbmonitor.history.SeriesRepository.Trend;

/**
 * The forecast of a cluster: each figure that has a limit, its trend over the last hour carried
 * forward to say when it reaches the limit (connections against {@code max_connections}, WAL a
 * slot retains and transaction-ID age against their stormy thresholds), and how fast the
 * databases grow.
 */
public final class Forecast {
    private static final Duration OVER = Duration.ofHours(1);
    private static final Duration HORIZON = Duration.ofDays(365);

    /**
     * One figure of one node carried forward.
     *
     * @param node the node
     * @param metric the figure
     * @param now its value now, on the trend line
     * @param perHour how much it grows per hour
     * @param limit where it turns stormy; null for growth without a limit
     * @param reachedAt when the trend reaches the limit; null when it does not within a year
     * @param text what an operator reads
     */
    public record Outlook(String node, String metric, double now, double perHour, Double limit, Instant reachedAt, String text) {
    }

    private final SeriesRepository series;

    public Forecast(SeriesRepository series) {
        this.series = series;
    }

    public List<Outlook> of(ClusterDefinition cluster, ClusterStatus status, Thresholds limits, Instant now) {
        List<Outlook> outlooks = new ArrayList<>();
        for (Trend trend : series.trends(cluster.name(), "connections", now, OVER)) {
            status.nodes().stream().filter(node -> node.name().equals(trend.node()) && node.maxConnections() != null).findFirst()
                    .ifPresent(node -> outlooks.add(limited(trend, "connections", node.maxConnections(), now, "connections")));
        }
        series.trends(cluster.name(), "slot_retained_bytes", now, OVER)
                .forEach(trend -> outlooks.add(limited(trend, "slot_retained_bytes", (double) limits.slotRetainedStormy(), now, "WAL retained by a slot")));
        series.trends(cluster.name(), "xid_age", now, OVER)
                .forEach(trend -> outlooks.add(limited(trend, "xid_age", (double) limits.xidAgeStormy(), now, "transaction-ID age")));
        for (Trend trend : series.trends(cluster.name(), "database_bytes", now, OVER)) {
            double perDay = trend.slopePerSecond() * 86_400;
            outlooks.add(new Outlook(trend.node(), "database_bytes", trend.now(), trend.slopePerSecond() * 3600, null, null,
                    "databases on " + trend.node() + " grow " + WeatherRules.bytes((long) Math.max(0, perDay)) + " a day"
                            + (perDay < 0 ? " (shrinking)" : "")));
        }
        return outlooks;
    }

    private static Outlook limited(Trend trend, String metric, double limit, Instant now, String what) {
        double perSecond = trend.slopePerSecond();
        Instant reached = null;
        if (trend.now() >= limit) {
            reached = now;
        } else if (perSecond > 0) {
            double seconds = (limit - trend.now()) / perSecond;
            if (seconds < (double) HORIZON.toSeconds()) {
                reached = now.plusSeconds((long) seconds);
            }
        }
        String text = reached == null
                ? what + " on " + trend.node() + " is steady (" + String.format(Locale.ROOT, "%.0f", trend.now()) + ")"
                : what + " on " + trend.node() + " reaches " + String.format(Locale.ROOT, "%.0f", limit) + " in about "
                        + WeatherRules.seconds((double) Math.max(0, Duration.between(now, reached).toSeconds()));
        return new Outlook(trend.node(), metric, trend.now(), perSecond * 3600, limit, reached, text);
    }
}
