package org.granary.archive.underreplicated;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.granary.archive.schema.tables.records.MissingCopyRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static org.granary.archive.schema.Tables.MISSING_COPY;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.min;

/** The copies this node is to make for puts acknowledged with fewer than R copies. */
@Repository
class MissingCopies {
    private final DSLContext database;

    MissingCopies(DSLContext database) {
        this.database = database;
    }

    /** Records that {@code nodes} lack a copy of {@code checksum}; a record already there stays as it is. */
    void record(String checksum, Collection<String> nodes) {
        database.batch(nodes.stream().map(node -> database.insertInto(MISSING_COPY)
                .set(MISSING_COPY.CHECKSUM, checksum)
                .set(MISSING_COPY.NODE, node)
                .onConflictDoNothing()).toList()).execute();
    }

    /** The copies whose next attempt is due, longest waiting first. */
    List<MissingCopy> due(int limit) {
        return database.selectFrom(MISSING_COPY)
                .where(MISSING_COPY.NEXT_ATTEMPT_AT.le(currentOffsetDateTime()))
                .orderBy(MISSING_COPY.NEXT_ATTEMPT_AT)
                .limit(limit)
                .fetch(MissingCopies::toCopy);
    }

    void made(MissingCopy copy) {
        database.deleteFrom(MISSING_COPY).where(MISSING_COPY.CHECKSUM.eq(copy.checksum()), MISSING_COPY.NODE.eq(copy.node())).execute();
    }

    void failed(MissingCopy copy, String error, Instant nextAttemptAt) {
        database.update(MISSING_COPY)
                .set(MISSING_COPY.ATTEMPTS, MISSING_COPY.ATTEMPTS.plus(1))
                .set(MISSING_COPY.LAST_ERROR, error)
                .set(MISSING_COPY.NEXT_ATTEMPT_AT, nextAttemptAt.atOffset(ZoneOffset.UTC))
                .where(MISSING_COPY.CHECKSUM.eq(copy.checksum()), MISSING_COPY.NODE.eq(copy.node()))
                .execute();
    }

    long objects() {
        return database.select(countDistinct(MISSING_COPY.CHECKSUM)).from(MISSING_COPY).fetchSingle().value1();
    }

    UnderReplicatedReport report(String node, int limit) {
        long copies = database.fetchCount(MISSING_COPY);
        Optional<Instant> oldest = Optional.ofNullable(database.select(min(MISSING_COPY.RECORDED_AT)).from(MISSING_COPY)
                .fetchSingle().value1()).map(OffsetDateTime::toInstant);
        List<MissingCopy> first = database.selectFrom(MISSING_COPY).orderBy(MISSING_COPY.RECORDED_AT, MISSING_COPY.CHECKSUM)
                .limit(limit).fetch(MissingCopies::toCopy);
        return new UnderReplicatedReport(node, objects(), copies, oldest.orElse(null), first);
    }

    private static MissingCopy toCopy(MissingCopyRecord row) {
        return new MissingCopy(row.getChecksum(), row.getNode(), row.getRecordedAt().toInstant(), row.getAttempts(),
                row.getNextAttemptAt().toInstant(), row.getLastError());
    }
}
