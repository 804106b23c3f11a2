package org.granary.archive.rebalance;

import java.util.Optional;
import org.granary.archive.schema.tables.records.RebalanceRunRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static org.granary.archive.schema.Tables.REBALANCE_RUN;
import static org.jooq.impl.DSL.currentOffsetDateTime;

@Repository
class RebalanceRuns {
    private final DSLContext database;

    RebalanceRuns(DSLContext database) {
        this.database = database;
    }

    RebalanceRun start(long epoch, long bytesPerSecond, long objectsTotal) {
        return toRun(database.insertInto(REBALANCE_RUN)
                .set(REBALANCE_RUN.EPOCH, epoch)
                .set(REBALANCE_RUN.STATE, "running")
                .set(REBALANCE_RUN.BYTES_PER_SECOND, bytesPerSecond)
                .set(REBALANCE_RUN.OBJECTS_TOTAL, objectsTotal)
                .returning().fetchSingle());
    }

    Optional<RebalanceRun> running() {
        return database.selectFrom(REBALANCE_RUN).where(REBALANCE_RUN.STATE.eq("running")).fetchOptional().map(RebalanceRuns::toRun);
    }

    Optional<RebalanceRun> latest() {
        return database.selectFrom(REBALANCE_RUN).orderBy(REBALANCE_RUN.ID.desc()).limit(1).fetchOptional().map(RebalanceRuns::toRun);
    }

    void progress(long id, String cursor, long moved, long copies, long bytes, long errors, String lastError) {
        database.update(REBALANCE_RUN)
                .set(REBALANCE_RUN.CURSOR_CHECKSUM, cursor)
                .set(REBALANCE_RUN.OBJECTS_EXAMINED, REBALANCE_RUN.OBJECTS_EXAMINED.plus(1))
                .set(REBALANCE_RUN.OBJECTS_MOVED, REBALANCE_RUN.OBJECTS_MOVED.plus(moved))
                .set(REBALANCE_RUN.COPIES_MADE, REBALANCE_RUN.COPIES_MADE.plus(copies))
                .set(REBALANCE_RUN.BYTES_COPIED, REBALANCE_RUN.BYTES_COPIED.plus(bytes))
                .set(REBALANCE_RUN.ERRORS, REBALANCE_RUN.ERRORS.plus(errors))
                .set(REBALANCE_RUN.LAST_ERROR, lastError == null ? REBALANCE_RUN.LAST_ERROR : org.jooq.impl.DSL.val(lastError))
                .where(REBALANCE_RUN.ID.eq(id))
                .execute();
    }

    void finish(long id, String state) {
        database.update(REBALANCE_RUN).set(REBALANCE_RUN.STATE, state).set(REBALANCE_RUN.FINISHED_AT, currentOffsetDateTime())
                .where(REBALANCE_RUN.ID.eq(id)).execute();
    }

    private static RebalanceRun toRun(RebalanceRunRecord row) {
        return new RebalanceRun(row.getId(), row.getEpoch(), row.getState(), row.getBytesPerSecond(), row.getStartedAt().toInstant(),
                row.getFinishedAt() == null ? null : row.getFinishedAt().toInstant(), row.getCursorChecksum(), row.getObjectsTotal(),
                row.getObjectsExamined(), row.getObjectsMoved(), row.getCopiesMade(), row.getBytesCopied(), row.getErrors(),
                row.getLastError());
    }
}
