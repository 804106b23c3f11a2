package org.granary.archive.object;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

import static org.granary.archive.schema.Tables.PROVISIONAL_WRITE;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.inline;

/**
 * Objects this node made for a client's put that may still fail as a whole, by the put's write
 * id: the client withdraws its copy when the put fails ({@link ObjectStore#withdraw}), which it
 * may only while nothing else relies on the copy. So a write that finds the object already here
 * takes the row away first ({@link #claim}), and two writes that made it at once leave no write
 * id; rows older than {@link #KEPT} go, as no client waits that long to withdraw.
 */
@Repository
class ProvisionalWrites {
    private static final Duration KEPT = Duration.ofHours(1);

    private final DSLContext database;

    ProvisionalWrites(DSLContext database) {
        this.database = database;
    }

    /** Marks an object about to be published as made by {@code writeId}; another write of it under way leaves no write id. */
    void mark(String checksum, UUID writeId) {
        database.insertInto(PROVISIONAL_WRITE)
                .set(PROVISIONAL_WRITE.CHECKSUM, checksum)
                .set(PROVISIONAL_WRITE.WRITE_ID, writeId)
                .onConflict(PROVISIONAL_WRITE.CHECKSUM).doUpdate()
                .set(PROVISIONAL_WRITE.WRITE_ID, inline(null, PROVISIONAL_WRITE.WRITE_ID))
                .set(PROVISIONAL_WRITE.WRITTEN_AT, currentOffsetDateTime())
                .execute();
    }

    /**
     * A write found the object here and relies on it: nobody may withdraw it any more. Waits for a
     * withdrawal under way. The write that made it, sent again (a retry of an attempt whose answer
     * was lost), claims nothing: it may still withdraw its copy.
     */
    void claim(DSLContext transaction, String checksum, UUID writeId) {
        transaction.deleteFrom(PROVISIONAL_WRITE)
                .where(PROVISIONAL_WRITE.CHECKSUM.eq(checksum), PROVISIONAL_WRITE.WRITE_ID.isDistinctFrom(writeId))
                .execute();
    }

    /** Locks the row of {@code writeId}'s object until the transaction ends; false when the write is no longer that one alone. */
    boolean lockOwn(DSLContext transaction, String checksum, UUID writeId) {
        return transaction.selectOne().from(PROVISIONAL_WRITE)
                .where(PROVISIONAL_WRITE.CHECKSUM.eq(checksum), PROVISIONAL_WRITE.WRITE_ID.eq(writeId))
                .forUpdate().fetchOptional().isPresent();
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void dropOld() {
        database.deleteFrom(PROVISIONAL_WRITE)
                .where(PROVISIONAL_WRITE.WRITTEN_AT.lt(Instant.now().minus(KEPT).atOffset(ZoneOffset.UTC))).execute();
    }
}
