package org.granary.archive.object;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.granary.archive.schema.tables.records.StoredObjectRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static org.granary.archive.schema.Tables.STORED_OBJECT;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.min;

/** This node's inventory of objects. */
@Repository
public class StoredObjects {
    private final DSLContext database;

    public StoredObjects(DSLContext database) {
        this.database = database;
    }

    /** Records a live copy; a tombstone of the same object is lifted. */
    public void recordLive(DSLContext transaction, String checksum, String volume, long sizeBytes) {
        transaction.insertInto(STORED_OBJECT)
                .set(STORED_OBJECT.CHECKSUM, checksum)
                .set(STORED_OBJECT.VOLUME, volume)
                .set(STORED_OBJECT.SIZE_BYTES, sizeBytes)
                .onConflict(STORED_OBJECT.CHECKSUM).doUpdate()
                .set(STORED_OBJECT.VOLUME, volume)
                .set(STORED_OBJECT.SIZE_BYTES, sizeBytes)
                .set(STORED_OBJECT.LAST_VERIFIED_AT, currentOffsetDateTime())
                .setNull(STORED_OBJECT.DELETED_AT)
                .setNull(STORED_OBJECT.DELETED_BY)
                .setNull(STORED_OBJECT.PURGE_AFTER)
                .execute();
    }

    /**
     * Records a copy found on disk that the inventory lacks (a crash between rename and commit);
     * an existing row, and its last verification time, stay as they are.
     */
    public void recordIfMissing(DSLContext transaction, String checksum, String volume, long sizeBytes) {
        transaction.insertInto(STORED_OBJECT)
                .set(STORED_OBJECT.CHECKSUM, checksum)
                .set(STORED_OBJECT.VOLUME, volume)
                .set(STORED_OBJECT.SIZE_BYTES, sizeBytes)
                .onConflictDoNothing()
                .execute();
    }

    public Optional<StoredObject> find(String checksum) {
        return database.selectFrom(STORED_OBJECT).where(STORED_OBJECT.CHECKSUM.eq(checksum)).fetchOptional().map(StoredObjects::toObject);
    }

    /** Live objects in checksum order after {@code afterChecksum}: keyset pages of the inventory. */
    public List<StoredObject> livePage(String afterChecksum, int limit) {
        return database.selectFrom(STORED_OBJECT)
                .where(STORED_OBJECT.DELETED_AT.isNull())
                .orderBy(STORED_OBJECT.CHECKSUM)
                .seek(afterChecksum)
                .limit(limit)
                .fetch(StoredObjects::toObject);
    }

    public long liveCount() {
        return database.fetchCount(STORED_OBJECT, STORED_OBJECT.DELETED_AT.isNull());
    }

    /** The live objects verified longest ago, for the scrubber. */
    public List<StoredObject> leastRecentlyVerified(Instant verifiedBefore, int limit) {
        return database.selectFrom(STORED_OBJECT)
                .where(STORED_OBJECT.DELETED_AT.isNull().and(STORED_OBJECT.LAST_VERIFIED_AT.lt(offset(verifiedBefore))))
                .orderBy(STORED_OBJECT.LAST_VERIFIED_AT)
                .limit(limit)
                .fetch(StoredObjects::toObject);
    }

    public Optional<Instant> oldestVerification() {
        OffsetDateTime oldest = database.select(min(STORED_OBJECT.LAST_VERIFIED_AT)).from(STORED_OBJECT)
                .where(STORED_OBJECT.DELETED_AT.isNull()).fetchOne(0, OffsetDateTime.class);
        return Optional.ofNullable(oldest).map(OffsetDateTime::toInstant);
    }

    public void markVerified(String checksum) {
        database.update(STORED_OBJECT).set(STORED_OBJECT.LAST_VERIFIED_AT, currentOffsetDateTime())
                .where(STORED_OBJECT.CHECKSUM.eq(checksum)).execute();
    }

    public void markDeleted(DSLContext transaction, String checksum, String deletedBy, Instant purgeAfter) {
        transaction.update(STORED_OBJECT)
                .set(STORED_OBJECT.DELETED_AT, currentOffsetDateTime())
                .set(STORED_OBJECT.DELETED_BY, deletedBy)
                .set(STORED_OBJECT.PURGE_AFTER, offset(purgeAfter))
                .where(STORED_OBJECT.CHECKSUM.eq(checksum))
                .execute();
    }

    public void forget(DSLContext transaction, String checksum) {
        transaction.deleteFrom(STORED_OBJECT).where(STORED_OBJECT.CHECKSUM.eq(checksum)).execute();
    }

    public List<StoredObject> purgeable(Instant now, int limit) {
        return database.selectFrom(STORED_OBJECT)
                .where(STORED_OBJECT.DELETED_AT.isNotNull().and(STORED_OBJECT.PURGE_AFTER.le(offset(now))))
                .limit(limit)
                .fetch(StoredObjects::toObject);
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static StoredObject toObject(StoredObjectRecord row) {
        return new StoredObject(row.getChecksum(), row.getVolume(), row.getSizeBytes(), row.getStoredAt().toInstant(),
                row.getLastVerifiedAt().toInstant(), instant(row.getDeletedAt()), row.getDeletedBy(), instant(row.getPurgeAfter()));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
