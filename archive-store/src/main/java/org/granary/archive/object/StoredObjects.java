package org.granary.archive.object;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.granary.archive.audit.AuditAction;
import org.granary.archive.audit.AuditLog;
import org.granary.archive.schema.tables.records.StoredObjectRecord;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertReturningStep;
import org.jooq.Record1;
import org.jooq.Select;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static org.granary.archive.schema.Tables.AUDIT_EVENT;
import static org.granary.archive.schema.Tables.STORED_OBJECT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.val;

/** This node's inventory of objects. */
@Repository
public class StoredObjects {
    private final DSLContext database;
    private final JdbcClient jdbc;
    private final AuditLog auditLog;
    /**
     * Every write runs it; built with jOOQ and rendered to SQL once, here, and run through JDBC
     * with named parameters: rendering it at each write was a sixth of a node's CPU (JFR).
     */
    private final String recordWrittenSql;

    public StoredObjects(DSLContext database, JdbcClient jdbc, AuditLog auditLog) {
        this.database = database;
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.recordWrittenSql = database.renderNamedParams(recordWrittenQuery(database, auditLog));
    }

    /**
     * Records a new live copy and its audit entry in one statement (one round trip, one implicit
     * transaction). True when the object had been deleted before, so the caller knows a tombstone
     * file may be left over.
     */
    public boolean recordWritten(String checksum, String volume, Received received, AuditAction action, String cause,
            String detail) {
        return jdbc.sql(recordWrittenSql)
                .param("checksum", checksum)
                .param("volume", volume)
                .param("size_bytes", received.size())
                .param("block_crc32c", received.blocks().bytes())
                .param("written_at", offset(received.writtenAt()))
                .param("action", action.wireName())
                .param("cause", cause)
                .param("detail", detail, Types.VARCHAR)
                .param("actor", auditLog.actor())
                .query(Boolean.class)
                .single();
    }

    /** The statement of {@link #recordWritten}, with a named parameter for each value. */
    private static Select<Record1<Boolean>> recordWrittenQuery(DSLContext database, AuditLog auditLog) {
        Field<String> checksum = param("checksum", STORED_OBJECT.CHECKSUM);
        Field<String> volume = param("volume", STORED_OBJECT.VOLUME);
        Field<OffsetDateTime> deletedAt = field(name("previous", "deleted_at"), OffsetDateTime.class);
        // Every part of a statement sees the rows as they were before it: "previous" reads the old row.
        CommonTableExpression<?> previous = name("previous").as(select(STORED_OBJECT.DELETED_AT).from(STORED_OBJECT)
                .where(STORED_OBJECT.CHECKSUM.eq(checksum)));
        CommonTableExpression<?> upsert = name("upsert").as(upsertLive(database, checksum, volume,
                param("size_bytes", STORED_OBJECT.SIZE_BYTES), param("block_crc32c", STORED_OBJECT.BLOCK_CRC32C),
                param("written_at", STORED_OBJECT.WRITTEN_AT))
                .returningResult(STORED_OBJECT.CHECKSUM));
        CommonTableExpression<?> audit = name("audit").as(auditLog.entry(database, volume, checksum, param("action", String.class),
                param("cause", String.class), param("detail", String.class), param("actor", String.class)).returningResult(AUDIT_EVENT.ID));
        return database.with(previous).with(upsert).with(audit)
                .select(field(exists(selectOne().from(previous).where(deletedAt.isNotNull()))));
    }

    /** Inserts a live copy, or makes the existing row live again on the volume it is now on. */
    private static InsertReturningStep<StoredObjectRecord> upsertLive(DSLContext transaction, Field<String> checksum, Field<String> volume,
            Field<Long> sizeBytes, Field<byte[]> blockCrc32c, Field<OffsetDateTime> writtenAt) {
        return transaction.insertInto(STORED_OBJECT)
                .set(STORED_OBJECT.CHECKSUM, checksum)
                .set(STORED_OBJECT.VOLUME, volume)
                .set(STORED_OBJECT.SIZE_BYTES, sizeBytes)
                .set(STORED_OBJECT.BLOCK_CRC32C, blockCrc32c)
                .set(STORED_OBJECT.WRITTEN_AT, writtenAt)
                .onConflict(STORED_OBJECT.CHECKSUM).doUpdate()
                .set(STORED_OBJECT.VOLUME, excluded(STORED_OBJECT.VOLUME))
                .set(STORED_OBJECT.SIZE_BYTES, excluded(STORED_OBJECT.SIZE_BYTES))
                // The same content has the same block checksums: a write that brings none keeps those known.
                .set(STORED_OBJECT.BLOCK_CRC32C, coalesce(excluded(STORED_OBJECT.BLOCK_CRC32C), STORED_OBJECT.BLOCK_CRC32C))
                .set(STORED_OBJECT.LAST_VERIFIED_AT, currentOffsetDateTime())
                .set(STORED_OBJECT.LAST_CHECKED_AT, currentOffsetDateTime())
                .set(STORED_OBJECT.PROBLEM, inline(null, STORED_OBJECT.PROBLEM))
                .set(STORED_OBJECT.PROBLEM_AT, inline(null, STORED_OBJECT.PROBLEM_AT))
                .set(STORED_OBJECT.DELETED_AT, inline(null, STORED_OBJECT.DELETED_AT))
                .set(STORED_OBJECT.DELETED_BY, inline(null, STORED_OBJECT.DELETED_BY))
                .set(STORED_OBJECT.PURGE_AFTER, inline(null, STORED_OBJECT.PURGE_AFTER))
                .set(STORED_OBJECT.PURGED_AT, inline(null, STORED_OBJECT.PURGED_AT))
                // A copy carries the time of the write it copies; the latest write is the one that counts.
                .set(STORED_OBJECT.WRITTEN_AT, greatest(STORED_OBJECT.WRITTEN_AT, excluded(STORED_OBJECT.WRITTEN_AT)));
    }

    /**
     * Records a copy found on disk that the inventory lacks (a crash between rename and commit);
     * an existing row, and its last verification time, stay as they are. True when it was recorded.
     */
    public boolean recordIfMissing(DSLContext transaction, String checksum, String volume, long sizeBytes) {
        return transaction.insertInto(STORED_OBJECT)
                .set(STORED_OBJECT.CHECKSUM, checksum)
                .set(STORED_OBJECT.VOLUME, volume)
                .set(STORED_OBJECT.SIZE_BYTES, sizeBytes)
                .onConflictDoNothing()
                .execute() > 0;
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

    /** Live objects on one volume in checksum order after {@code afterChecksum}, for the scrubber's presence check. */
    public List<StoredObject> livePageOn(String volume, String afterChecksum, int limit) {
        return database.selectFrom(STORED_OBJECT)
                .where(STORED_OBJECT.DELETED_AT.isNull().and(STORED_OBJECT.VOLUME.eq(volume)))
                .orderBy(STORED_OBJECT.CHECKSUM)
                .seek(afterChecksum)
                .limit(limit)
                .fetch(StoredObjects::toObject);
    }

    /** The live objects the scrubber looked at longest ago (verified or not), for its background work. */
    public List<StoredObject> leastRecentlyChecked(Instant checkedBefore, int limit) {
        return database.selectFrom(STORED_OBJECT)
                .where(STORED_OBJECT.DELETED_AT.isNull().and(STORED_OBJECT.LAST_CHECKED_AT.lt(offset(checkedBefore))))
                .orderBy(STORED_OBJECT.LAST_CHECKED_AT)
                .limit(limit)
                .fetch(StoredObjects::toObject);
    }

    public Optional<Instant> oldestVerification() {
        OffsetDateTime oldest = database.select(min(STORED_OBJECT.LAST_VERIFIED_AT)).from(STORED_OBJECT)
                .where(STORED_OBJECT.DELETED_AT.isNull()).fetchOne(0, OffsetDateTime.class);
        return Optional.ofNullable(oldest).map(OffsetDateTime::toInstant);
    }

    /** The copy's hash matched its name just now; a problem recorded before is over. */
    public void markVerified(String checksum) {
        markVerified(List.of(checksum));
    }

    /** Records that the copies were verified now: one statement for a scrubber's page of copies. */
    public void markVerified(java.util.Collection<String> checksums) {
        if (checksums.isEmpty()) {
            return;
        }
        database.update(STORED_OBJECT)
                .set(STORED_OBJECT.LAST_VERIFIED_AT, currentOffsetDateTime())
                .set(STORED_OBJECT.LAST_CHECKED_AT, currentOffsetDateTime())
                .set(STORED_OBJECT.PROBLEM, inline(null, STORED_OBJECT.PROBLEM))
                .set(STORED_OBJECT.PROBLEM_AT, inline(null, STORED_OBJECT.PROBLEM_AT))
                .where(STORED_OBJECT.CHECKSUM.in(checksums)).execute();
    }

    /**
     * The scrubber could neither verify nor repair the copy: why, and since when (the first time it
     * was seen); the scrubber looks at it again in a day, not at once.
     */
    public void markProblem(DSLContext transaction, String checksum, String problem) {
        transaction.update(STORED_OBJECT)
                .set(STORED_OBJECT.PROBLEM, problem)
                .set(STORED_OBJECT.PROBLEM_AT, coalesce(STORED_OBJECT.PROBLEM_AT, currentOffsetDateTime()))
                .set(STORED_OBJECT.LAST_CHECKED_AT, currentOffsetDateTime())
                .where(STORED_OBJECT.CHECKSUM.eq(checksum)).execute();
    }

    /** The checksums of the object's blocks as written, when known. */
    public Optional<BlockChecksums> blockChecksums(String checksum) {
        return database.select(STORED_OBJECT.BLOCK_CRC32C).from(STORED_OBJECT).where(STORED_OBJECT.CHECKSUM.eq(checksum))
                .fetchOptional(STORED_OBJECT.BLOCK_CRC32C).map(BlockChecksums::of);
    }

    /** Records the checksums of the blocks of a copy just verified whole (a copy recorded without them). */
    public void storeBlockChecksums(String checksum, BlockChecksums blocks) {
        database.update(STORED_OBJECT).set(STORED_OBJECT.BLOCK_CRC32C, blocks.bytes()).where(STORED_OBJECT.CHECKSUM.eq(checksum)).execute();
    }

    /**
     * Records the object as deleted at {@code deletedAt}: the copy here (on {@code volume}, null
     * when this node holds none) becomes a tombstone, restorable until {@code purgeAfter}; a
     * tombstone is recorded even without a copy, so that no copy sent here later brings it back.
     */
    public void markDeleted(DSLContext transaction, String checksum, String volume, long sizeBytes, String deletedBy, Instant deletedAt,
            Instant purgeAfter) {
        transaction.insertInto(STORED_OBJECT)
                .set(STORED_OBJECT.CHECKSUM, checksum)
                .set(STORED_OBJECT.VOLUME, volume)
                .set(STORED_OBJECT.SIZE_BYTES, sizeBytes)
                .set(STORED_OBJECT.DELETED_AT, offset(deletedAt))
                .set(STORED_OBJECT.DELETED_BY, deletedBy)
                .set(STORED_OBJECT.PURGE_AFTER, offset(purgeAfter))
                .onConflict(STORED_OBJECT.CHECKSUM).doUpdate()
                .set(STORED_OBJECT.VOLUME, excluded(STORED_OBJECT.VOLUME))
                .set(STORED_OBJECT.DELETED_AT, excluded(STORED_OBJECT.DELETED_AT))
                .set(STORED_OBJECT.DELETED_BY, excluded(STORED_OBJECT.DELETED_BY))
                .set(STORED_OBJECT.PURGE_AFTER, excluded(STORED_OBJECT.PURGE_AFTER))
                .execute();
    }

    /** The tombstone's file is gone; the tombstone stays, for as long as a stale copy could come back. */
    public void markPurged(DSLContext transaction, String checksum) {
        transaction.update(STORED_OBJECT).set(STORED_OBJECT.PURGED_AT, currentOffsetDateTime())
                .where(STORED_OBJECT.CHECKSUM.eq(checksum)).execute();
    }

    public void forget(DSLContext transaction, String checksum) {
        transaction.deleteFrom(STORED_OBJECT).where(STORED_OBJECT.CHECKSUM.eq(checksum)).execute();
    }

    public List<StoredObject> purgeable(Instant now, int limit) {
        return database.selectFrom(STORED_OBJECT)
                .where(STORED_OBJECT.DELETED_AT.isNotNull(), STORED_OBJECT.PURGED_AT.isNull(), STORED_OBJECT.VOLUME.isNotNull(),
                        STORED_OBJECT.PURGE_AFTER.le(offset(now)))
                .limit(limit)
                .fetch(StoredObjects::toObject);
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static StoredObject toObject(StoredObjectRecord row) {
        return new StoredObject(row.getChecksum(), row.getVolume(), row.getSizeBytes(), row.getStoredAt().toInstant(),
                row.getLastVerifiedAt().toInstant(), instant(row.getDeletedAt()), row.getDeletedBy(), instant(row.getPurgeAfter()),
                row.getWrittenAt().toInstant());
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
