package org.granary.dbmonitor.annotation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;

/** The {@code annotation} table. */
final class AnnotationRepository {
    private static final String COLUMNS = "id, cluster, at, text, author, created_at";

    private final DSLContext sql;

    AnnotationRepository(DSLContext sql) {
        this.sql = sql;
    }

    Annotation insert(String cluster, Instant at, String text, String author, Instant createdAt) {
        return read(sql.fetchOne("INSERT INTO annotation (cluster, at, text, author, created_at) VALUES (?, CAST(? AS timestamptz), ?, ?, CAST(? AS timestamptz)) RETURNING " + COLUMNS,
                cluster, utc(at), text, author, utc(createdAt)));
    }

    /** A cluster's annotations with {@code from <= at < to}, oldest first, at most {@code limit}. */
    List<Annotation> between(String cluster, Instant from, Instant to, int limit) {
        return sql.fetch("SELECT " + COLUMNS + " FROM annotation WHERE cluster = ? AND at >= CAST(? AS timestamptz) AND at < CAST(? AS timestamptz) ORDER BY at, id LIMIT ?",
                cluster, utc(from), utc(to), limit).map(AnnotationRepository::read);
    }

    private static Annotation read(Record row) {
        return new Annotation(row.get("id", Long.class), row.get("cluster", String.class), row.get("at", OffsetDateTime.class).toInstant(),
                row.get("text", String.class), row.get("author", String.class), row.get("created_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
