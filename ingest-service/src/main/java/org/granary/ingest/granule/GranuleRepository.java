package org.granary.ingest.granule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.ingest.schema.tables.records.GranuleRecord;
import org.granary.platform.database.RenderedStatement;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Param;
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
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.update;

/** The granule table. */
@Repository
public class GranuleRepository {
    static final String GRANULE_ARCHIVED = "granule-archived";
    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final List<Field<?>> INSERTED_COLUMNS = List.of(GRANULE.ESDT, GRANULE.COLLECTION, GRANULE.FILE_NAME, GRANULE.VERSION,
            GRANULE.START_TIME, GRANULE.END_TIME, GRANULE.ORBIT, GRANULE.PRODUCTION_TIME, GRANULE.SIZE_BYTES, GRANULE.SHA256, GRANULE.MD5,
            GRANULE.SOURCE, GRANULE.PRODUCING_JOB);
    private static final String PAYLOAD = "payload";
    private final DSLContext database;
    // Rendered once: every push runs them, and building and rendering them anew was a tenth of ingest's CPU.
    private final RenderedStatement insertWithEvent;
    private final RenderedStatement insertSupersedingWithEvent;
    private final RenderedStatement latest;

    public GranuleRepository(DSLContext database) {
        this.database = database;
        this.insertWithEvent = insertWithEventStatement(database, false);
        this.insertSupersedingWithEvent = insertWithEventStatement(database, true);
        this.latest = RenderedStatement.of(database, newestVersion(database, param("esdt", String.class), param("file_name", String.class)),
                "esdt", "file_name");
    }

    /** The newest version of a file of an ESDT, whatever its state: for a statement that reads it along with other things. */
    public static Select<GranuleRecord> newestVersion(DSLContext database, Field<String> esdt, Field<String> fileName) {
        return database.selectFrom(GRANULE)
                .where(GRANULE.ESDT.eq(esdt).and(GRANULE.FILE_NAME.eq(fileName)))
                .orderBy(GRANULE.VERSION.desc())
                .limit(inline(1));
    }

    /**
     * Records a granule and its "archived" event, marking older versions superseded when asked,
     * all in one statement: one round trip and an implicit transaction, where separate statements
     * cost four exchanges with the database per push. Empty when that version of the file exists
     * already: a concurrent push won the race. The event is {@code {"type": "granule-archived",
     * "granule": {...}}} with the granule as {@code GET /granules/{id}} shows it.
     */
    public Optional<Granule> insertWithEvent(NewGranule granule, boolean supersedeOlder) {
        String template = JSON.writeValueAsString(Map.of("type", GRANULE_ARCHIVED, "granule", granule.asArchived(0, Instant.EPOCH)));
        return (supersedeOlder ? insertSupersedingWithEvent : insertWithEvent)
                .query(database, granule.esdt(), granule.collection(), granule.fileName(), granule.version(), offset(granule.startTime()),
                        offset(granule.endTime()), granule.orbit(), offset(granule.productionTime()), granule.sizeBytes(), granule.sha256(),
                        granule.md5(), granule.source(), granule.producingJob(), template)
                .coerce(GRANULE).fetchOptional().map(GranuleRepository::toGranule);
    }

    /** The insert, its event and maybe the superseding, with a parameter for each inserted column and the event's payload. */
    private static RenderedStatement insertWithEventStatement(DSLContext database, boolean supersedeOlder) {
        List<Param<?>> columnValues = INSERTED_COLUMNS.stream().<Param<?>>map(column -> param(column.getName(), column.getDataType())).toList();
        CommonTableExpression<GranuleRecord> inserted = name("inserted").as(database.insertInto(GRANULE, INSERTED_COLUMNS).values(columnValues)
                .onConflictOnConstraint(org.granary.ingest.schema.Keys.GRANULE_ONE_VERSION).doNothing().returning());
        List<String> parameterNames = new ArrayList<>(columnValues.stream().map(Param::getParamName).toList());
        var statement = database.with(inserted).with(name("event").as(archivedEvent(inserted)));
        if (supersedeOlder) {
            statement = statement.with(name("superseded").as(supersedeOlder(inserted)));
        }
        parameterNames.add(PAYLOAD);
        return RenderedStatement.of(database, statement.selectFrom(inserted), parameterNames.toArray(String[]::new));
    }

    /**
     * The event's JSON is written by the caller but for the granule's id and ingest time, which
     * the statement puts in from the inserted row; nothing is inserted when no granule was.
     */
    private static ResultQuery<?> archivedEvent(CommonTableExpression<GranuleRecord> inserted) {
        Field<JSONB> payload = field("jsonb_set(jsonb_set({0}::jsonb, array['granule', 'id'], to_jsonb({1})), array['granule', 'ingestedAt'], "
                + "to_jsonb(to_char({2} at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')))", JSONB.class,
                param(PAYLOAD, String.class), inserted.field(GRANULE.ID), inserted.field(GRANULE.INGESTED_AT));
        return insertInto(OUTBOX_EVENT, OUTBOX_EVENT.EVENT_TYPE, OUTBOX_EVENT.GRANULE_ID, OUTBOX_EVENT.ESDT, OUTBOX_EVENT.PAYLOAD)
                .select(select(inline(GRANULE_ARCHIVED), inserted.field(GRANULE.ID), inserted.field(GRANULE.ESDT), payload).from(inserted))
                .returningResult(OUTBOX_EVENT.ID);
    }

    /** Marks the older versions superseded; it sees the table as it was before the statement, without the new version. */
    private static ResultQuery<?> supersedeOlder(CommonTableExpression<GranuleRecord> inserted) {
        return update(GRANULE).set(GRANULE.STATE, inline("superseded"))
                .from(inserted)
                .where(GRANULE.ESDT.eq(inserted.field(GRANULE.ESDT)).and(GRANULE.FILE_NAME.eq(inserted.field(GRANULE.FILE_NAME)))
                        .and(GRANULE.VERSION.lt(inserted.field(GRANULE.VERSION)))
                        .and(GRANULE.STATE.eq(inline("archived"))))
                .returningResult(GRANULE.ID);
    }

    /** The newest version of a file of an ESDT, whatever its state. */
    public Optional<Granule> latest(String esdt, String fileName) {
        return latest.query(database, esdt, fileName).coerce(GRANULE).fetchOptional().map(GranuleRepository::toGranule);
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
        return new Granule(row.getId(), row.getEsdt(), row.getCollection(), row.getFileName(), row.getVersion(),
                instant(row.getStartTime()), instant(row.getEndTime()), row.getOrbit(), instant(row.getProductionTime()),
                row.getSizeBytes(), row.getSha256(), row.getMd5(), row.getSource(), row.getProducingJob(),
                row.getIngestedAt().toInstant(), row.getState());
    }
}
