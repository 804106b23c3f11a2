package org.granary.ingest.granule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.granary.ingest.schema.tables.records.GranuleRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;

import static org.granary.ingest.schema.Tables.GRANULE;
import static org.granary.ingest.schema.Tables.OUTBOX_EVENT;
import static org.jooq.impl.DSL.noCondition;

/** The granule table. */
@Repository
public class GranuleRepository {
    private final DSLContext database;

    public GranuleRepository(DSLContext database) {
        this.database = database;
    }

    /**
     * Records a granule and its "archived" event in one transaction, marking older versions
     * superseded when asked. Empty when that version of the file exists already: a concurrent
     * push won the race.
     */
    public Optional<Granule> insertWithEvent(NewGranule granule, boolean supersedeOlder,
            java.util.function.Function<Granule, String> eventPayload) {
        return database.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Optional<Granule> inserted = transaction.insertInto(GRANULE)
                    .set(GRANULE.ESDT, granule.esdt())
                    .set(GRANULE.COLLECTION, granule.collection())
                    .set(GRANULE.FILE_NAME, granule.fileName())
                    .set(GRANULE.VERSION, granule.version())
                    .set(GRANULE.START_TIME, offset(granule.startTime()))
                    .set(GRANULE.END_TIME, offset(granule.endTime()))
                    .set(GRANULE.ORBIT, granule.orbit())
                    .set(GRANULE.PRODUCTION_TIME, offset(granule.productionTime()))
                    .set(GRANULE.SIZE_BYTES, granule.sizeBytes())
                    .set(GRANULE.SHA256, granule.sha256())
                    .set(GRANULE.MD5, granule.md5())
                    .set(GRANULE.SOURCE, granule.source())
                    .set(GRANULE.PRODUCING_JOB, granule.producingJob())
                    .onConflictOnConstraint(org.granary.ingest.schema.Keys.GRANULE_ONE_VERSION).doNothing()
                    .returning()
                    .fetchOptional()
                    .map(GranuleRepository::toGranule);
            inserted.filter(row -> supersedeOlder).ifPresent(row -> transaction.update(GRANULE).set(GRANULE.STATE, "superseded")
                        .where(GRANULE.ESDT.eq(row.esdt()).and(GRANULE.FILE_NAME.eq(row.fileName()))
                                .and(GRANULE.VERSION.lt(row.version())).and(GRANULE.STATE.eq("archived")))
                        .execute());
            inserted.ifPresent(row -> transaction.insertInto(OUTBOX_EVENT)
                        .set(OUTBOX_EVENT.EVENT_TYPE, "granule-archived")
                        .set(OUTBOX_EVENT.GRANULE_ID, row.id())
                        .set(OUTBOX_EVENT.ESDT, row.esdt())
                        .set(OUTBOX_EVENT.PAYLOAD, JSONB.valueOf(eventPayload.apply(row)))
                        .execute());
            return inserted;
        });
    }

    /** The newest version of a file of an ESDT, whatever its state. */
    public Optional<Granule> latest(String esdt, String fileName) {
        return database.selectFrom(GRANULE)
                .where(GRANULE.ESDT.eq(esdt).and(GRANULE.FILE_NAME.eq(fileName)))
                .orderBy(GRANULE.VERSION.desc())
                .limit(1)
                .fetchOptional()
                .map(GranuleRepository::toGranule);
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

    static Granule toGranule(GranuleRecord row) {
        return new Granule(row.getId(), row.getEsdt(), row.getCollection(), row.getFileName(), row.getVersion(),
                instant(row.getStartTime()), instant(row.getEndTime()), row.getOrbit(), instant(row.getProductionTime()),
                row.getSizeBytes(), row.getSha256(), row.getMd5(), row.getSource(), row.getProducingJob(),
                row.getIngestedAt().toInstant(), row.getState());
    }
}
