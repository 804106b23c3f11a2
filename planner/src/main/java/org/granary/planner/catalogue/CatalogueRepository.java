package org.granary.planner.catalogue;

import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static org.granary.planner.Times.instant;
import static org.granary.planner.Times.offset;
import static org.granary.planner.schema.Tables.GRANULE;
import static org.granary.planner.schema.Tables.RECEIVED_EVENT;
import static org.granary.planner.schema.Tables.SETTING;

/** The planner's view of the catalogue, and the events it took in. */
@Repository
public class CatalogueRepository {
    private final DSLContext sql;

    CatalogueRepository(DSLContext sql) {
        this.sql = sql;
    }

    /** Records an event as taken in; false when it was already (a repeated delivery). */
    boolean firstDelivery(long eventId) {
        return sql.insertInto(RECEIVED_EVENT).set(RECEIVED_EVENT.EVENT_ID, eventId).onConflictDoNothing().execute() == 1;
    }

    /**
     * Stores the granule as ingest shows it now, and marks the older versions of its product
     * superseded: planning reads only the newest version of each product.
     */
    public void learn(LearnedGranule granule) {
        sql.insertInto(GRANULE)
                .set(GRANULE.ID, granule.id()).set(GRANULE.ESDT, granule.esdt()).set(GRANULE.COLLECTION, granule.collection())
                .set(GRANULE.FILE_NAME, granule.fileName()).set(GRANULE.VERSION, granule.version())
                .set(GRANULE.PRODUCT_KEY, granule.productKey()).set(GRANULE.PART, granule.part())
                .set(GRANULE.START_TIME, offset(granule.startTime())).set(GRANULE.END_TIME, offset(granule.endTime()))
                .set(GRANULE.ORBIT, granule.orbit()).set(GRANULE.SHA256, granule.sha256()).set(GRANULE.SIZE_BYTES, granule.sizeBytes())
                .set(GRANULE.STATE, granule.state()).set(GRANULE.PRODUCING_JOB, granule.producingJob())
                .onConflict(GRANULE.ID).doUpdate()
                .set(GRANULE.START_TIME, offset(granule.startTime())).set(GRANULE.END_TIME, offset(granule.endTime()))
                .set(GRANULE.STATE, granule.state())
                .execute();
        if ("archived".equals(granule.state())) {
            sql.update(GRANULE).set(GRANULE.STATE, "superseded")
                    .where(GRANULE.ESDT.eq(granule.esdt()), GRANULE.COLLECTION.eq(granule.collection()),
                            GRANULE.PRODUCT_KEY.eq(granule.productKey()),
                            granule.part() == null ? GRANULE.PART.isNull() : GRANULE.PART.eq(granule.part()),
                            GRANULE.VERSION.lt(granule.version()), GRANULE.STATE.eq("archived"))
                    .execute();
        }
    }

    public Optional<LearnedGranule> find(long id) {
        return sql.selectFrom(GRANULE).where(GRANULE.ID.eq(id)).fetchOptional(row -> new LearnedGranule(row.getId(), row.getEsdt(),
                row.getCollection(), row.getFileName(), row.getVersion(), row.getProductKey(), row.getPart(), instant(row.getStartTime()),
                instant(row.getEndTime()), row.getOrbit(), row.getSha256(), row.getSizeBytes(), row.getState(), row.getProducingJob()));
    }

    /** The highest granule id learned, where a read-back of ingest's catalogue goes on from. */
    long highestId() {
        Long highest = sql.select(org.jooq.impl.DSL.max(GRANULE.ID)).from(GRANULE).fetchOne(0, Long.class);
        return highest == null ? 0 : highest;
    }

    Optional<String> setting(String name) {
        return sql.select(SETTING.VALUE).from(SETTING).where(SETTING.NAME.eq(name)).fetchOptional(SETTING.VALUE);
    }

    /** Stores a setting unless one is there already; returns the one that stands. */
    String settingIfAbsent(String name, String value) {
        sql.insertInto(SETTING).set(SETTING.NAME, name).set(SETTING.VALUE, value).onConflictDoNothing().execute();
        return setting(name).orElseThrow();
    }
}
