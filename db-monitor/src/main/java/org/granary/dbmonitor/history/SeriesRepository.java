package org.granary.dbmonitor.history;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;

/** Reads the history back: a cluster's series of one figure per node, its weather changes. */
public final class SeriesRepository {
    /** Beyond this many points a series is read from the hourly downsampling instead. */
    static final Duration RAW_SPAN = Duration.ofDays(2);

    private final DSLContext sql;

    public SeriesRepository(DSLContext sql) {
        this.sql = sql;
    }

    /** One node's points, {@code [epoch millis, value]}, oldest first. */
    public record Series(String node, List<double[]> points) {
    }

    /**
     * The figure's series of each node of a cluster between two times: raw samples for spans up
     * to 48 hours, hourly averages beyond.
     */
    public List<Series> series(String cluster, String metric, Instant from, Instant to) {
        boolean raw = Duration.between(from, to).compareTo(RAW_SPAN) <= 0;
        Result<Record> rows = raw
                ? sql.fetch("SELECT node, at, value FROM sample WHERE cluster = ? AND metric = ? AND at >= CAST(? AS timestamptz) AND at < CAST(? AS timestamptz) ORDER BY node, at",
                        cluster, metric, utc(from), utc(to))
                : sql.fetch("SELECT node, hour AS at, average AS value FROM sample_hourly WHERE cluster = ? AND metric = ? AND hour >= CAST(? AS timestamptz) "
                        + "AND hour < CAST(? AS timestamptz) ORDER BY node, hour", cluster, metric, utc(from), utc(to));
        Map<String, List<double[]>> byNode = new LinkedHashMap<>();
        for (Record row : rows) {
            byNode.computeIfAbsent(row.get(0, String.class), node -> new ArrayList<>())
                    .add(new double[] {row.get(1, OffsetDateTime.class).toInstant().toEpochMilli(), row.get(2, Double.class)});
        }
        return byNode.entrySet().stream().map(entry -> new Series(entry.getKey(), entry.getValue())).toList();
    }

    /** A change of a cluster's weather. */
    public record WeatherChange(Instant at, String weather, String reasons) {
    }

    public List<WeatherChange> weatherChanges(String cluster, Instant from, Instant to) {
        return sql.fetch("SELECT at, weather, reasons::text FROM weather_change WHERE cluster = ? AND at >= CAST(? AS timestamptz) AND at < CAST(? AS timestamptz) ORDER BY at, id",
                cluster, utc(from), utc(to)).map(row -> new WeatherChange(row.get(0, OffsetDateTime.class).toInstant(), row.get(1, String.class),
                        row.get(2, String.class)));
    }

    /** A deadlock as the node's server logged it. */
    public record Deadlock(long id, String node, Instant detectedAt, String detail) {
    }

    public List<Deadlock> deadlocks(String cluster, Instant from, Instant to) {
        return sql.fetch("SELECT id, node, detected_at, detail FROM deadlock WHERE cluster = ? AND detected_at >= CAST(? AS timestamptz) AND detected_at < CAST(? AS timestamptz) "
                + "ORDER BY detected_at DESC, id DESC LIMIT 500", cluster, utc(from), utc(to))
                .map(row -> new Deadlock(row.get(0, Long.class), row.get(1, String.class), row.get(2, OffsetDateTime.class).toInstant(),
                        row.get(3, String.class)));
    }

    /**
     * A straight line through a figure's last hour on one node: its slope per second and its
     * value now, by PostgreSQL's least squares ({@code regr_slope}); empty with fewer than 3 points.
     */
    public record Trend(String node, double slopePerSecond, double now, long points) {
    }

    public List<Trend> trends(String cluster, String metric, Instant now, Duration over) {
        return sql.fetch("""
                SELECT node, regr_slope(value, extract(epoch FROM at)), regr_intercept(value, extract(epoch FROM at)), count(*)
                FROM sample WHERE cluster = ? AND metric = ? AND at >= CAST(? AS timestamptz) AND at <= CAST(? AS timestamptz) GROUP BY node HAVING count(*) >= 3""",
                cluster, metric, utc(now.minus(over)), utc(now)).map(row -> {
                    double slope = row.get(1, Double.class) == null ? 0 : row.get(1, Double.class);
                    double intercept = row.get(2, Double.class) == null ? 0 : row.get(2, Double.class);
                    return new Trend(row.get(0, String.class), slope, intercept + slope * now.getEpochSecond(), row.get(3, Long.class));
                });
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
