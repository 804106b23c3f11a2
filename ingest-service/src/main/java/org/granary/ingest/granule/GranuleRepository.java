package org.granary.ingest.granule;

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
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import static org.granary.ingest.schema.Tables.GRANULE;
import static org.granary.ingest.schema.Tables.OUTBOX_EVENT;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.update;
import static org.jooq.impl.DSL.val;

/** The granule table, and the events that announce its changes (written in the same transaction). */
@Repository
public class GranuleRepository {
    static final String GRANULE_ARCHIVED = "granule-archived";
    static final String GRANULE_UPDATED = "granule-updated";
    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private final DSLContext database;

    public GranuleRepository(DSLContext database) {
        this.database = database;
    }

    /** The newest version of a product, whatever its state: for a statement that reads it along with other things. */
    public static Select<GranuleRecord> newestOfProduct(DSLContext database, ProductIdentity product) {
        return database.selectFrom(GRANULE)
                .where(GRANULE.ESDT.eq(product.esdt()).and(GRANULE.COLLECTION.eq(product.collection()))
                        .and(GRANULE.PRODUCT_KEY.eq(product.key()))
                        .and(product.part() == null ? GRANULE.PART.isNull() : GRANULE.PART.eq(product.part())))
                .orderBy(GRANULE.VERSION.desc())
                .limit(inline(1));
    }

    /** The newest granule of a file name, whatever its state: for a statement that reads it along with other things. */
    public static Select<GranuleRecord> newestOfFile(DSLContext database, String esdt, int collection, String fileName) {
        return database.selectFrom(GRANULE)
                .where(GRANULE.ESDT.eq(esdt).and(GRANULE.FILE_NAME.eq(fileName)).and(GRANULE.COLLECTION.eq(collection)))
                .orderBy(GRANULE.VERSION.desc())
                .limit(inline(1));
    }

    /** The newest version of a product and the newest granule of one of its files, whatever their states. */
    public Predecessors predecessors(ProductIdentity product, String fileName) {
        return new Predecessors(newestOfProduct(database, product).fetchOptional().map(GranuleRepository::toGranule),
                newestOfFile(product.esdt(), product.collection(), fileName));
    }

    /** The newest granule of a file name, whatever its state. */
    public Optional<Granule> newestOfFile(String esdt, int collection, String fileName) {
        return newestOfFile(database, esdt, collection, fileName).fetchOptional().map(GranuleRepository::toGranule);
    }

    /**
     * Records a granule and its "archived" event, marking the product's older versions superseded
     * when asked, all in one statement: one round trip and an implicit transaction. Empty when
     * that version of the product exists already: a concurrent push won the race. The event is
     * {@code {"type": "granule-archived", "granule": {...}}} with the granule as
     * {@code GET /granules/{id}} shows it.
     */
    public Optional<Granule> insertWithEvent(NewGranule granule, boolean supersedeOlder) {
        String template = JSON.writeValueAsString(Map.of("type", GRANULE_ARCHIVED, "granule", granule.asArchived(0, Instant.EPOCH)));
        CommonTableExpression<GranuleRecord> inserted = name("inserted").as(database.insertInto(GRANULE)
                .set(GRANULE.ESDT, granule.esdt())
                .set(GRANULE.COLLECTION, granule.collection())
                .set(GRANULE.FILE_NAME, granule.fileName())
                .set(GRANULE.VERSION, granule.version())
                .set(GRANULE.PRODUCT_KEY, granule.identity().key())
                .set(GRANULE.PART, granule.part())
                .set(GRANULE.START_TIME, offset(granule.startTime()))
                .set(GRANULE.END_TIME, offset(granule.endTime()))
                .set(GRANULE.ORBIT, granule.orbit())
                .set(GRANULE.PRODUCTION_TIME, offset(granule.productionTime()))
                .set(GRANULE.SIZE_BYTES, granule.sizeBytes())
                .set(GRANULE.SHA256, granule.sha256())
                .set(GRANULE.MD5, granule.md5())
                .set(GRANULE.SOURCE, granule.source())
                .set(GRANULE.PRODUCING_JOB, granule.producingJob())
                .onConflictOnConstraint(Keys.GRANULE_ONE_PRODUCT_VERSION).doNothing()
                .returning());
        var statement = database.with(inserted).with(name("event").as(archivedEvent(inserted, template)));
        if (supersedeOlder) {
            statement = statement.with(name("superseded").as(supersedeOlder(inserted)));
        }
        return statement.selectFrom(inserted).fetchOptional().map(row -> toGranule(row.into(GRANULE)));
    }

    /**
     * The event's JSON is written by the caller but for the granule's id and ingest time, which
     * the statement puts in from the inserted row; nothing is inserted when no granule was.
     */
    private static ResultQuery<?> archivedEvent(CommonTableExpression<GranuleRecord> inserted, String template) {
        Field<JSONB> payload = field("jsonb_set(jsonb_set({0}::jsonb, array['granule', 'id'], to_jsonb({1})), array['granule', 'ingestedAt'], "
                + "to_jsonb(to_char({2} at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')))", JSONB.class,
                val(template), inserted.field(GRANULE.ID), inserted.field(GRANULE.INGESTED_AT));
        return insertInto(OUTBOX_EVENT, OUTBOX_EVENT.EVENT_TYPE, OUTBOX_EVENT.GRANULE_ID, OUTBOX_EVENT.ESDT, OUTBOX_EVENT.PAYLOAD)
                .select(select(inline(GRANULE_ARCHIVED), inserted.field(GRANULE.ID), inserted.field(GRANULE.ESDT), payload).from(inserted))
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
                .returningResult(GRANULE.ID);
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
                .set(OUTBOX_EVENT.PAYLOAD, JSONB.jsonb(JSON.writeValueAsString(Map.of("type", GRANULE_UPDATED, "granule", granule))))
                .execute());
        return updated;
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

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    public static Granule toGranule(GranuleRecord row) {
        return new Granule(row.getId(), row.getEsdt(), row.getCollection(), row.getFileName(), row.getVersion(), row.getProductKey(),
                instant(row.getStartTime()), instant(row.getEndTime()), row.getOrbit(), row.getPart(), instant(row.getProductionTime()),
                row.getSizeBytes(), row.getSha256(), row.getMd5(), row.getSource(), row.getProducingJob(),
                row.getIngestedAt().toInstant(), row.getState());
    }
}
