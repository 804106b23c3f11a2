package org.granary.ingest.granule;

import java.time.Instant;
import java.util.Map;
import org.granary.ingest.schema.tables.records.GranuleRecord;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;

import static org.granary.ingest.schema.Tables.GRANULE;
import static org.granary.ingest.schema.Tables.OUTBOX_EVENT;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.select;

/**
 * Changes made to one granule by hand (an operator, metadata-sync): a correction of its metadata
 * and a deletion, each with its event in the same transaction. The granule's row is locked first,
 * so that the check (not deleted, end not before start) holds when the change is written.
 */
@Repository
class GranuleChanges {
    private final DSLContext database;

    GranuleChanges(DSLContext database) {
        this.database = database;
    }

    /** Applies the correction; no event when it changes nothing. */
    Granule correct(long id, Correction correction) {
        return database.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            GranuleRecord row = locked(transaction, id);
            Instant start = correction.startTime().orElse(GranuleRepository.instantOf(row.getStartTime()));
            Instant end = correction.endTime().orElse(GranuleRepository.instantOf(row.getEndTime()));
            if (start != null && end != null && end.isBefore(start)) {
                throw new GranaryException(ErrorCode.INVALID_REQUEST, "endTime " + end + " would be before startTime " + start);
            }
            if (correction.startTime().isPresent()) {
                row.setStartTime(GranuleRepository.offset(start));
            }
            if (correction.endTime().isPresent()) {
                row.setEndTime(GranuleRepository.offset(end));
            }
            correction.orbit().ifPresent(row::setOrbit);
            correction.qaFlag().ifPresent(row::setQaFlag);
            if (!row.equals(row.original())) {
                row.update();
                event(transaction, id, GranuleRepository.GRANULE_CORRECTED);
            }
            return GranuleRepository.toGranule(row);
        });
    }

    Granule delete(long id) {
        return database.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            GranuleRecord row = locked(transaction, id);
            row.setState("deleted");
            row.update();
            event(transaction, id, GranuleRepository.GRANULE_DELETED);
            return GranuleRepository.toGranule(row);
        });
    }

    private static GranuleRecord locked(DSLContext transaction, long id) {
        GranuleRecord row = transaction.selectFrom(GRANULE).where(GRANULE.ID.eq(id)).forUpdate().fetchOptional()
                .orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no granule with id " + id));
        if ("deleted".equals(row.getState())) {
            throw new GranaryException(ErrorCode.CONFLICT, "granule " + id + " is deleted", Map.of("state", "deleted"), null);
        }
        return row;
    }

    /** The event of a change ingest made itself (origin null), the granule as it is now, built in SQL. */
    private static void event(DSLContext transaction, long id, String type) {
        transaction.insertInto(OUTBOX_EVENT, OUTBOX_EVENT.EVENT_TYPE, OUTBOX_EVENT.GRANULE_ID, OUTBOX_EVENT.ESDT, OUTBOX_EVENT.PAYLOAD)
                .select(select(inline(type), GRANULE.ID, GRANULE.ESDT, field(GranuleJson.payload(type, "NULL::text", "granule"), JSONB.class))
                        .from(GRANULE).where(GRANULE.ID.eq(id)))
                .execute();
    }
}
