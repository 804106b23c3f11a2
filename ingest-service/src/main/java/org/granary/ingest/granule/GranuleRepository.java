package org.granary.ingest.granule;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.ingest.schema.Keys;
import org.granary.ingest.schema.tables.records.GranuleRecord;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import static org.granary.ingest.schema.Tables.GRANULE;
import static org.granary.ingest.schema.Tables.OUTBOX_EVENT;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.update;
import static org.jooq.impl.DSL.val;

/** The granule table, and the events that announce its changes (written in the same transaction). */
@Repository
public class GranuleRepository {
    public static final String GRANULE_ARCHIVED = "granule-archived";
    static final String GRANULE_UPDATED = "granule-updated";
    /** A version replaced by a newer one (a push under REPLACE, a reprocessing from the legacy catalogue). */
    public static final String GRANULE_SUPERSEDED = "granule-superseded";
    public static final String GRANULE_DELETED = "granule-deleted";
    /** Metadata changed in place (PATCH, or a correction from the legacy catalogue). */
    public static final String GRANULE_CORRECTED = "granule-corrected";
    private static final String SUPERSEDED = "superseded";
    private static final String PAYLOAD = "payload";
    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private final DSLContext database;
    private final JdbcClient jdbc;
    /**
     * Every push runs one of these; built with jOOQ and rendered to SQL once, here, and run through
     * JDBC with named parameters: rendering them at each push was a fifth of ingest's CPU (JFR).
     */
    private final String insertSql;
    private final String insertSupersedingSql;

    public GranuleRepository(DSLContext database, JdbcClient jdbc) {
        this.database = database;
        this.jdbc = jdbc;
        this.insertSql = database.renderNamedParams(insertWithEventQuery(database, false));
        this.insertSupersedingSql = database.renderNamedParams(insertWithEventQuery(database, true));
    }

    /**
     * The newest version of a product (ESDT, collection, key, part), whatever its state: for a
     * statement that reads it along with other things.
     */
    public static Select<GranuleRecord> newestOfProduct(DSLContext database, Field<String> esdt, Field<Integer> collection,
            Field<String> key, Field<Integer> part) {
        return database.selectFrom(GRANULE)
                .where(GRANULE.ESDT.eq(esdt).and(GRANULE.COLLECTION.eq(collection)).and(GRANULE.PRODUCT_KEY.eq(key))
                        .and(GRANULE.PART.isNotDistinctFrom(part)))
                .orderBy(GRANULE.VERSION.desc())
                .limit(inline(1));
    }

    /** The newest granule of a file name, whatever its state: for a statement that reads it along with other things. */
    public static Select<GranuleRecord> newestOfFile(DSLContext database, Field<String> esdt, Field<Integer> collection,
            Field<String> fileName) {
        return database.selectFrom(GRANULE)
                .where(GRANULE.ESDT.eq(esdt).and(GRANULE.FILE_NAME.eq(fileName)).and(GRANULE.COLLECTION.eq(collection)))
                .orderBy(GRANULE.VERSION.desc())
                .limit(inline(1));
    }

    /** The newest version of a product and the newest granule of one of its files, whatever their states. */
    public Predecessors predecessors(ProductIdentity product, String fileName) {
        return new Predecessors(newestOfProduct(database, val(product.esdt()), val(product.collection()), val(product.key()),
                val(product.part(), GRANULE.PART)).fetchOptional().map(GranuleRepository::toGranule),
                newestOfFile(product.esdt(), product.collection(), fileName));
    }

    /** The newest granule of a file name, whatever its state. */
    public Optional<Granule> newestOfFile(String esdt, int collection, String fileName) {
        return newestOfFile(database, val(esdt), val(collection), val(fileName)).fetchOptional().map(GranuleRepository::toGranule);
    }

    /**
     * Records a granule and its "archived" event, marking the product's older versions superseded
     * when asked, all in one statement: one round trip and an implicit transaction. Empty when
     * that version of the product exists already: a concurrent push won the race. The event is
     * {@code {"type": "granule-archived", "granule": {...}}} with the granule as
     * {@code GET /granules/{id}} shows it.
     */
    public Optional<Granule> insertWithEvent(NewGranule granule, boolean supersedeOlder) {
        String template = JSON.writeValueAsString(payload(GRANULE_ARCHIVED, granule.asArchived(0, Instant.EPOCH)));
        return jdbc.sql(supersedeOlder ? insertSupersedingSql : insertSql)
                .param("esdt", granule.esdt())
                .param("collection", granule.collection())
                .param("file_name", granule.fileName())
                .param("version", granule.version())
                .param("product_key", granule.identity().key())
                .param("part", granule.part(), Types.INTEGER)
                .param("start_time", offset(granule.startTime()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("end_time", offset(granule.endTime()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("orbit", granule.orbit(), Types.INTEGER)
                .param("production_time", offset(granule.productionTime()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("size_bytes", granule.sizeBytes())
                .param("sha256", granule.sha256())
                .param("md5", granule.md5())
                .param("cksum", granule.cksum(), Types.BIGINT)
                .param("source", granule.source())
                .param("producing_job", granule.producingJob(), Types.VARCHAR)
                .param(PAYLOAD, template)
                .query((row, number) -> GranuleRows.read(row, "").orElseThrow())
                .optional();
    }

    /** The insert, its event and maybe the superseding, with a named parameter for each value. */
    private static ResultQuery<GranuleRecord> insertWithEventQuery(DSLContext database, boolean supersedeOlder) {
        CommonTableExpression<GranuleRecord> inserted = name("inserted").as(database.insertInto(GRANULE)
                .set(GRANULE.ESDT, param("esdt", GRANULE.ESDT))
                .set(GRANULE.COLLECTION, param("collection", GRANULE.COLLECTION))
                .set(GRANULE.FILE_NAME, param("file_name", GRANULE.FILE_NAME))
                .set(GRANULE.VERSION, param("version", GRANULE.VERSION))
                .set(GRANULE.PRODUCT_KEY, param("product_key", GRANULE.PRODUCT_KEY))
                .set(GRANULE.PART, param("part", GRANULE.PART))
                .set(GRANULE.START_TIME, param("start_time", GRANULE.START_TIME))
                .set(GRANULE.END_TIME, param("end_time", GRANULE.END_TIME))
                .set(GRANULE.ORBIT, param("orbit", GRANULE.ORBIT))
                .set(GRANULE.PRODUCTION_TIME, param("production_time", GRANULE.PRODUCTION_TIME))
                .set(GRANULE.SIZE_BYTES, param("size_bytes", GRANULE.SIZE_BYTES))
                .set(GRANULE.SHA256, param("sha256", GRANULE.SHA256))
                .set(GRANULE.MD5, param("md5", GRANULE.MD5))
                .set(GRANULE.CKSUM, param("cksum", GRANULE.CKSUM))
                .set(GRANULE.SOURCE, param("source", GRANULE.SOURCE))
                .set(GRANULE.PRODUCING_JOB, param("producing_job", GRANULE.PRODUCING_JOB))
                .onConflictOnConstraint(Keys.GRANULE_ONE_PRODUCT_VERSION).doNothing()
                .returning());
        var statement = database.with(inserted).with(name("event").as(archivedEvent(inserted, param(PAYLOAD, String.class))));
        if (supersedeOlder) {
            statement = statement.with(name(SUPERSEDED).as(supersedeOlder(inserted)))
                    .with(name("superseded_event").as(supersededEvents()));
        }
        return statement.selectFrom(inserted);
    }

    /**
     * The event's JSON is written by the caller but for the granule's id and ingest time, which
     * the statement puts in from the inserted row; nothing is inserted when no granule was.
     */
    private static ResultQuery<?> archivedEvent(CommonTableExpression<GranuleRecord> inserted, Field<String> template) {
        Field<JSONB> payload = field("jsonb_set(jsonb_set(cast({0} as jsonb), array['granule', 'id'], to_jsonb({1})), array['granule', 'ingestedAt'], "
                + "to_jsonb(to_char({2} at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')))", JSONB.class,
                template, inserted.field(GRANULE.ID), inserted.field(GRANULE.INGESTED_AT));
        return insertInto(OUTBOX_EVENT, OUTBOX_EVENT.EVENT_TYPE, OUTBOX_EVENT.GRANULE_ID, OUTBOX_EVENT.ESDT, OUTBOX_EVENT.PAYLOAD)
                .select(select(inline(GRANULE_ARCHIVED), inserted.field(GRANULE.ID), inserted.field(GRANULE.ESDT), payload).from(inserted))
                .returningResult(OUTBOX_EVENT.ID);
    }

    /** A {@code granule-superseded} event for each granule the statement superseded, with its state after. */
    private static ResultQuery<?> supersededEvents() {
        return insertInto(OUTBOX_EVENT, OUTBOX_EVENT.EVENT_TYPE, OUTBOX_EVENT.GRANULE_ID, OUTBOX_EVENT.ESDT, OUTBOX_EVENT.PAYLOAD)
                .select(select(inline(GRANULE_SUPERSEDED), field(name(SUPERSEDED, "id"), Long.class), field(name(SUPERSEDED, "esdt"), String.class),
                        field(GranuleJson.payload(GRANULE_SUPERSEDED, "NULL::text", SUPERSEDED), JSONB.class)).from(name(SUPERSEDED)))
                .returningResult(OUTBOX_EVENT.ID);
    }

    /**
     * Marks the product's older archived versions superseded; it sees the table as it was before
     * the statement, without the new version.
     */
    private static ResultQuery<?> supersedeOlder(CommonTableExpression<GranuleRecord> inserted) {
        return update(GRANULE).set(GRANULE.STATE, inline("superseded"))
                .from(inserted)
                .where(GRANULE.ESDT.eq(inserted.field(GRANULE.ESDT)).and(GRANULE.COLLECTION.eq(inserted.field(GRANULE.COLLECTION)))
                        .and(GRANULE.PRODUCT_KEY.eq(inserted.field(GRANULE.PRODUCT_KEY)))
                        .and(GRANULE.PART.isNotDistinctFrom(inserted.field(GRANULE.PART)))
                        .and(GRANULE.VERSION.lt(inserted.field(GRANULE.VERSION)))
                        .and(GRANULE.STATE.eq(inline("archived"))))
                .returning();
    }

    /**
     * Gives a granule that has no times yet (level 0 data pushed before its PDR) the times its PDR
     * declares, and writes a {@code granule-updated} event ({@code {"type": "granule-updated",
     * "granule": {...}}}, the granule as {@code GET /granules/{id}} shows it, with its times) in
     * the caller's transaction, so that subscribers learn them. Empty, and no event, when the
     * granule had times already.
     */
    public static Optional<Granule> takeTimes(DSLContext transaction, long granuleId, Instant start, Instant end) {
        Optional<Granule> updated = transaction.update(GRANULE)
                .set(GRANULE.START_TIME, offset(start)).set(GRANULE.END_TIME, offset(end))
                .where(GRANULE.ID.eq(granuleId).and(GRANULE.START_TIME.isNull()))
                .returning().fetchOptional().map(GranuleRepository::toGranule);
        updated.ifPresent(granule -> transaction.insertInto(OUTBOX_EVENT)
                .set(OUTBOX_EVENT.EVENT_TYPE, GRANULE_UPDATED).set(OUTBOX_EVENT.GRANULE_ID, granule.id())
                .set(OUTBOX_EVENT.ESDT, granule.esdt())
                .set(OUTBOX_EVENT.PAYLOAD, JSONB.jsonb(JSON.writeValueAsString(payload(GRANULE_UPDATED, granule))))
                .execute());
        return updated;
    }

    /** An event's payload, {@code {"type": ..., "origin": null, "granule": ...}}, for a change ingest made itself. */
    private static Map<String, Object> payload(String type, Object granule) {
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("type", type);
        payload.put("origin", null);
        payload.put("granule", granule);
        return payload;
    }

    public Optional<Granule> byId(long id) {
        return database.selectFrom(GRANULE).where(GRANULE.ID.eq(id)).fetchOptional().map(GranuleRepository::toGranule);
    }

    /** Archived granules matching the filter, in id order after {@code afterId}. */
    public List<Granule> search(GranuleFilter filter, long afterId, int limit) {
        return database.selectFrom(GRANULE)
                .where(conditions(filter))
                .orderBy(GRANULE.ID)
                .seek(afterId)
                .limit(limit)
                .fetch(GranuleRepository::toGranule);
    }

    /** Granules matching a compiled query (see the query package): conditions and order are jOOQ, values bound. */
    public List<Granule> query(Condition condition, List<? extends org.jooq.OrderField<?>> orderBy, int limit) {
        return database.selectFrom(GRANULE).where(condition).orderBy(orderBy).limit(limit).fetch(GranuleRepository::toGranule);
    }

    private static Condition conditions(GranuleFilter filter) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(GRANULE.STATE.eq("archived"));
        if (filter.esdt() != null) {
            conditions.add(GRANULE.ESDT.eq(filter.esdt()));
        }
        if (filter.collection() != null) {
            conditions.add(GRANULE.COLLECTION.eq(filter.collection()));
        }
        if (filter.to() != null) {
            conditions.add(GRANULE.START_TIME.lt(offset(filter.to())));
        }
        if (filter.from() != null) {
            conditions.add(GRANULE.END_TIME.gt(offset(filter.from())).or(GRANULE.END_TIME.isNull().and(GRANULE.START_TIME.ge(offset(filter.from())))));
        }
        if (filter.orbitFrom() != null) {
            conditions.add(GRANULE.ORBIT.ge(filter.orbitFrom()));
        }
        if (filter.orbitTo() != null) {
            conditions.add(GRANULE.ORBIT.le(filter.orbitTo()));
        }
        if (filter.source() != null) {
            conditions.add(GRANULE.SOURCE.eq(filter.source()));
        }
        return conditions.stream().reduce(noCondition(), Condition::and);
    }

    static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instantOf(OffsetDateTime time) {
        return instant(time);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    public static Granule toGranule(GranuleRecord row) {
        return new Granule(row.getId(), row.getEsdt(), row.getCollection(), row.getFileName(), row.getVersion(), row.getProductKey(),
                instant(row.getStartTime()), instant(row.getEndTime()), row.getOrbit(), row.getPart(), instant(row.getProductionTime()),
                row.getSizeBytes(), row.getSha256(), row.getMd5(), row.getCksum(), row.getSource(), row.getProducingJob(),
                row.getIngestedAt().toInstant(), row.getState(), row.getQaFlag());
    }
}
