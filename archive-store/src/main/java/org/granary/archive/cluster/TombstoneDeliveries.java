package org.granary.archive.cluster;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static org.granary.archive.schema.Tables.TOMBSTONE_DELIVERY;
import static org.jooq.impl.DSL.currentOffsetDateTime;

/** The tombstones this node still has to hand to other nodes, one row per object and node. */
@Repository
class TombstoneDeliveries {
    private final DSLContext database;

    TombstoneDeliveries(DSLContext database) {
        this.database = database;
    }

    /** A tombstone to deliver. */
    record Delivery(String checksum, String node, int attempts) {
    }

    void add(String checksum, Collection<String> nodes) {
        database.batch(nodes.stream().map(node -> database.insertInto(TOMBSTONE_DELIVERY)
                .set(TOMBSTONE_DELIVERY.CHECKSUM, checksum)
                .set(TOMBSTONE_DELIVERY.NODE, node)
                .onConflictDoNothing()).toList()).execute();
    }

    List<Delivery> due(int limit) {
        return database.selectFrom(TOMBSTONE_DELIVERY)
                .where(TOMBSTONE_DELIVERY.NEXT_ATTEMPT_AT.le(currentOffsetDateTime()))
                .orderBy(TOMBSTONE_DELIVERY.NEXT_ATTEMPT_AT)
                .limit(limit)
                .fetch(row -> new Delivery(row.getChecksum(), row.getNode(), row.getAttempts()));
    }

    void delivered(Delivery delivery) {
        database.deleteFrom(TOMBSTONE_DELIVERY)
                .where(TOMBSTONE_DELIVERY.CHECKSUM.eq(delivery.checksum()), TOMBSTONE_DELIVERY.NODE.eq(delivery.node())).execute();
    }

    void failed(Delivery delivery, String error, Instant nextAttemptAt) {
        database.update(TOMBSTONE_DELIVERY)
                .set(TOMBSTONE_DELIVERY.ATTEMPTS, TOMBSTONE_DELIVERY.ATTEMPTS.plus(1))
                .set(TOMBSTONE_DELIVERY.LAST_ERROR, error)
                .set(TOMBSTONE_DELIVERY.NEXT_ATTEMPT_AT, nextAttemptAt.atOffset(ZoneOffset.UTC))
                .where(TOMBSTONE_DELIVERY.CHECKSUM.eq(delivery.checksum()), TOMBSTONE_DELIVERY.NODE.eq(delivery.node()))
                .execute();
    }

    long pending() {
        return database.fetchCount(TOMBSTONE_DELIVERY);
    }
}
