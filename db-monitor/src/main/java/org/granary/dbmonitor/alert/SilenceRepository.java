package org.granary.dbmonitor.alert;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

import static org.granary.dbmonitor.alert.RuleRepository.utc;

/** The {@code silence} table; silences that ended stay, for the record. */
final class SilenceRepository {
    private static final String COLUMNS = "id, cluster, rule, starts_at, until, reason, created_by, ended_at, ended_by";
    private static final String HOLDS = "ended_at IS NULL AND starts_at <= CAST(? AS timestamptz) AND until > CAST(? AS timestamptz)";

    private final DSLContext sql;

    SilenceRepository(DSLContext sql) {
        this.sql = sql;
    }

    Silence insert(String cluster, String rule, Instant startsAt, Instant until, String reason, String by) {
        Record row = sql.fetchOne("INSERT INTO silence (cluster, rule, starts_at, until, reason, created_by) VALUES (?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz), ?, ?) "
                + "RETURNING " + COLUMNS, cluster, rule, utc(startsAt), utc(until), reason, by);
        return read(row, startsAt);
    }

    /** The silences holding at {@code at}. */
    List<Silence> holding(Instant at) {
        return sql.fetch("SELECT " + COLUMNS + " FROM silence WHERE " + HOLDS + " ORDER BY id", utc(at), utc(at)).map(row -> read(row, at));
    }

    /** The silence holding at {@code at} for this cluster and rule that lasts longest, if any. */
    Optional<Silence> holding(String cluster, String rule, Instant at) {
        return holding(at).stream().filter(silence -> silence.silences(cluster, rule)).max((a, b) -> a.until().compareTo(b.until()));
    }

    /** The newest silences first, at most {@code limit}; only those holding at {@code now} when {@code activeOnly}. */
    List<Silence> list(boolean activeOnly, Instant now, int limit) {
        return activeOnly
                ? sql.fetch("SELECT " + COLUMNS + " FROM silence WHERE " + HOLDS + " ORDER BY id DESC LIMIT ?", utc(now), utc(now), limit)
                        .map(row -> read(row, now))
                : sql.fetch("SELECT " + COLUMNS + " FROM silence ORDER BY id DESC LIMIT ?", limit).map(row -> read(row, now));
    }

    Optional<Silence> find(long id, Instant now) {
        return sql.fetchOptional("SELECT " + COLUMNS + " FROM silence WHERE id = ?", id).map(row -> read(row, now));
    }

    /** Ends a silence early; false when it had ended already. */
    boolean end(long id, String by, Instant at) {
        return sql.execute("UPDATE silence SET ended_at = CAST(? AS timestamptz), ended_by = ? WHERE id = ? AND ended_at IS NULL AND until > CAST(? AS timestamptz)", utc(at), by, id,
                utc(at)) == 1;
    }

    private static Silence read(Record row, Instant now) {
        Instant startsAt = instant(row, "starts_at");
        Instant until = instant(row, "until");
        Instant endedAt = instant(row, "ended_at");
        return new Silence(row.get("id", Long.class), row.get("cluster", String.class), row.get("rule", String.class), startsAt, until,
                row.get("reason", String.class), row.get("created_by", String.class), endedAt, row.get("ended_by", String.class),
                endedAt == null && !startsAt.isAfter(now) && until.isAfter(now));
    }

    static Instant instant(Record row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
