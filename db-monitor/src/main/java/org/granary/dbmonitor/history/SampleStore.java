package org.granary.dbmonitor.history;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.granary.dbmonitor.cluster.ClusterDefinition;
import org.granary.dbmonitor.status.Assessor;
import org.granary.dbmonitor.status.ClusterStatus;
import org.granary.dbmonitor.status.NodeStatus;
import org.granary.dbmonitor.status.Weather;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep5;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The time series of every node's figures in db-monitor's database: one row per figure per poll
 * in daily partitions of {@code sample} (made a day ahead, and on demand; dropped after the
 * retention), hours downsampled into {@code sample_hourly} (minimum, average, maximum) and kept
 * longer; and each change of a cluster's weather with its reasons.
 */
public final class SampleStore implements Assessor.StatusListener {
    private static final Logger LOG = LoggerFactory.getLogger(SampleStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final DSLContext sql;
    private final Map<String, Weather> lastWeather = new ConcurrentHashMap<>();

    public SampleStore(DSLContext sql) {
        this.sql = sql;
    }

    @Override
    public void assessed(ClusterDefinition cluster, ClusterStatus status) {
        List<Row> rows = new ArrayList<>();
        for (NodeStatus node : status.nodes()) {
            node.metrics().forEach((metric, value) -> rows.add(new Row(node.polledAt(), cluster.name(), node.name(), metric, value)));
        }
        insert(rows);
        recordDeadlocks(cluster, status);
        recordWeather(status);
    }

    private record Row(Instant at, String cluster, String node, String metric, double value) {
    }

    private void insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            insertOnce(rows);
        } catch (RuntimeException e) {
            // jOOQ's exception, or Spring's translation of it: either way PostgreSQL's message is in the chain
            if (!noPartition(e)) {
                throw e;
            }
            rows.stream().map(row -> LocalDate.ofInstant(row.at(), ZoneOffset.UTC)).distinct().forEach(this::ensurePartition);
            insertOnce(rows);
        }
    }

    private static boolean noPartition(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("no partition of relation")) {
                return true;
            }
        }
        return false;
    }

    private void insertOnce(List<Row> rows) {
        InsertValuesStep5<Record, OffsetDateTime, String, String, String, Double> insert = sql.insertInto(table(name("sample")),
                field(name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE), field(name("cluster"), SQLDataType.CLOB),
                field(name("node"), SQLDataType.CLOB), field(name("metric"), SQLDataType.CLOB), field(name("value"), SQLDataType.DOUBLE));
        for (Row row : rows) {
            insert = insert.values(row.at().atOffset(ZoneOffset.UTC), row.cluster(), row.node(), row.metric(), row.value());
        }
        insert.execute();
    }

    private void recordDeadlocks(ClusterDefinition cluster, ClusterStatus status) {
        for (NodeStatus node : status.nodes()) {
            for (String detail : node.deadlockDetails()) {
                sql.execute("INSERT INTO deadlock (cluster, node, detected_at, detail) VALUES (?, ?, CAST(? AS timestamptz), ?)", cluster.name(), node.name(),
                        node.polledAt().atOffset(ZoneOffset.UTC), detail);
            }
        }
    }

    private void recordWeather(ClusterStatus status) {
        Weather before = lastWeather.computeIfAbsent(status.name(), this::storedWeather);
        if (before == status.weather()) {
            return;
        }
        sql.execute("INSERT INTO weather_change (cluster, at, weather, reasons) VALUES (?, CAST(? AS timestamptz), ?, CAST(? AS jsonb))", status.name(),
                status.polledAt().atOffset(ZoneOffset.UTC), status.weather().wireName(), JSON.writeValueAsString(status.reasons()));
        lastWeather.put(status.name(), status.weather());
    }

    private Weather storedWeather(String cluster) {
        String weather = sql.fetchOptional("SELECT weather FROM weather_change WHERE cluster = ? ORDER BY at DESC, id DESC LIMIT 1", cluster)
                .map(row -> row.get(0, String.class)).orElse(null);
        return weather == null ? null : Weather.valueOf(weather.toUpperCase(java.util.Locale.ROOT));
    }

    /** Makes the partition of a day (UTC) unless it exists. */
    public void ensurePartition(LocalDate day) {
        String partition = "sample_" + DAY.format(day);
        OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
        sql.execute("CREATE TABLE IF NOT EXISTS " + partition + " PARTITION OF sample FOR VALUES FROM ('" + from + "') TO ('"
                + from.plusDays(1) + "')");
    }

    /**
     * Keeps the history in shape: today's and tomorrow's partitions made, finished hours
     * downsampled, and what is past its retention dropped (raw samples by whole days).
     */
    public void maintain(Instant now, Duration retention, Duration hourlyRetention) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        ensurePartition(today);
        ensurePartition(today.plusDays(1));
        downsample(now);
        LocalDate oldestKept = LocalDate.ofInstant(now.minus(retention), ZoneOffset.UTC);
        for (String partition : sql.fetch("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = 'sample'::regclass ORDER BY c.relname").getValues(0, String.class)) {
            LocalDate day = LocalDate.parse(partition.substring("sample_".length()), DAY);
            if (day.isBefore(oldestKept)) {
                sql.execute("DROP TABLE " + DSL.quotedName(partition));
                LOG.info("dropped the samples of {} (retention {})", day, retention);
            }
        }
        sql.execute("DELETE FROM sample_hourly WHERE hour < CAST(? AS timestamptz)", now.minus(hourlyRetention).atOffset(ZoneOffset.UTC));
        sql.execute("DELETE FROM downsampled_hour WHERE hour < CAST(? AS timestamptz)", now.minus(hourlyRetention).atOffset(ZoneOffset.UTC));
    }

    /**
     * Downsamples every finished hour that has samples, after the last one downsampled, one
     * transaction each: a monitor that was down catches up, and no hour is counted twice.
     */
    void downsample(Instant now) {
        OffsetDateTime currentHour = now.truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
        OffsetDateTime last = sql.fetchOne("SELECT max(hour) FROM downsampled_hour").get(0, OffsetDateTime.class);
        OffsetDateTime after = last == null ? OffsetDateTime.parse("1970-01-01T00:00Z") : last.plusHours(1);
        List<OffsetDateTime> hours = sql.fetch("SELECT DISTINCT date_trunc('hour', at) FROM sample WHERE at >= CAST(? AS timestamptz) "
                + "AND at < CAST(? AS timestamptz) ORDER BY 1", after, currentHour).getValues(0, OffsetDateTime.class);
        for (OffsetDateTime hour : hours) {
            sql.transaction(configuration -> {
                DSLContext transaction = configuration.dsl();
                transaction.execute("""
                        INSERT INTO sample_hourly (hour, cluster, node, metric, minimum, average, maximum, samples)
                        SELECT CAST(? AS timestamptz), cluster, node, metric, min(value), avg(value), max(value), count(*) FROM sample
                        WHERE at >= CAST(? AS timestamptz) AND at < CAST(? AS timestamptz) GROUP BY cluster, node, metric
                        ON CONFLICT (cluster, metric, node, hour) DO NOTHING""", hour, hour, hour.plusHours(1));
                transaction.execute("INSERT INTO downsampled_hour (hour) VALUES (CAST(? AS timestamptz)) ON CONFLICT DO NOTHING", hour);
            });
        }
    }
}
