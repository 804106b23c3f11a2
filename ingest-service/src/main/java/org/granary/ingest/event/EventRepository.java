package org.granary.ingest.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Record4;
import org.springframework.stereotype.Repository;

import static org.granary.ingest.schema.Tables.DELIVERY;
import static org.granary.ingest.schema.Tables.OUTBOX_CURSOR;
import static org.granary.ingest.schema.Tables.OUTBOX_EVENT;
import static org.granary.ingest.schema.Tables.SUBSCRIPTION;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;

/** The outbox: the fan-out of its events into deliveries, its backlog, and the retention of its events. */
@Repository
class EventRepository {
    private static final String FAN_OUT = "fan-out";
    /**
     * The oldest transaction id still running in this database as this statement sees it: every
     * transaction before it has ended, or runs in another database of the cluster and so can never
     * commit an event here. Those of other databases are left out because the cluster is shared
     * (the embedded server holds every service's database): a long patch or an idle transaction
     * in another service's database would otherwise hold ingest's events back. A running
     * transaction whose database is not known (it ended since this statement's snapshot, or is
     * prepared) counts as this database's; the snapshot's xmax bounds the rest.
     */
    private static final Field<Long> OLDEST_RUNNING_TRANSACTION = field("""
            (SELECT coalesce(min(running::text::bigint), pg_snapshot_xmax(pg_current_snapshot())::text::bigint)
               FROM pg_snapshot_xip(pg_current_snapshot()) AS running
              WHERE NOT EXISTS (SELECT FROM pg_stat_activity other
                                 WHERE other.backend_xid = running::xid
                                   AND other.datid <> (SELECT oid FROM pg_database WHERE datname = current_database())))""", Long.class);

    private final DSLContext database;

    EventRepository(DSLContext database) {
        this.database = database;
    }

    /**
     * Creates the deliveries of the events after the cursor, for every active subscription whose
     * filter matches, and moves the cursor, in one transaction; the cursor row's lock keeps two
     * instances from fanning out the same events. Events with an origin (changes metadata-sync
     * brought from the legacy catalogue) go to no subscriber: they are catalogue entries without a
     * file here, which the legacy system's own applications already know, and a first sync of a
     * large legacy table would bury every subscriber's own events under them; {@code GET
     * /granules/changes} carries them.
     *
     * <p>Events are taken in the order of the transactions that made them, and only once no
     * transaction older than theirs is still running in this database: a push takes its event id
     * when it inserts but may commit after a push that took a later one, so a cursor on ids alone
     * would pass it over for good. A transaction left open in ingest's database holds the fan-out
     * back until it ends; one in another database of the same server does not.
     *
     * @return how many events were fanned out, at most {@code batch}
     */
    int fanOut(int batch) {
        return database.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Record2<Long, Long> cursor = transaction.select(OUTBOX_CURSOR.LAST_TRANSACTION_ID, OUTBOX_CURSOR.LAST_EVENT_ID)
                    .from(OUTBOX_CURSOR).where(OUTBOX_CURSOR.NAME.eq(FAN_OUT)).forUpdate().fetchSingle();
            List<Record4<Long, Long, String, String>> events = transaction
                    .select(OUTBOX_EVENT.TRANSACTION_ID, OUTBOX_EVENT.ID, OUTBOX_EVENT.ESDT, OUTBOX_EVENT.ORIGIN)
                    .from(OUTBOX_EVENT)
                    .where(row(OUTBOX_EVENT.TRANSACTION_ID, OUTBOX_EVENT.ID).gt(cursor.value1(), cursor.value2()))
                    .and(OUTBOX_EVENT.TRANSACTION_ID.lt(OLDEST_RUNNING_TRANSACTION))
                    .orderBy(OUTBOX_EVENT.TRANSACTION_ID, OUTBOX_EVENT.ID).limit(batch).fetch();
            if (events.isEmpty()) {
                return 0;
            }
            List<Subscription> active = transaction.selectFrom(SUBSCRIPTION).where(SUBSCRIPTION.ACTIVE)
                    .fetch(SubscriptionRepository::toSubscription);
            var deliveries = transaction.insertInto(DELIVERY, DELIVERY.SUBSCRIPTION_ID, DELIVERY.EVENT_ID);
            int matches = 0;
            for (var event : events) {
                if (event.value4() != null) {
                    continue; // brought from another catalogue by a sync: its own applications know it; the change feed has it
                }
                for (Subscription subscription : active) {
                    if (subscription.esdts().isEmpty() || subscription.esdts().contains(event.value3())) {
                        deliveries = deliveries.values(subscription.id(), event.value2());
                        matches++;
                    }
                }
            }
            if (matches > 0) {
                deliveries.onConflictDoNothing().execute();
            }
            var last = events.getLast();
            transaction.update(OUTBOX_CURSOR).set(OUTBOX_CURSOR.LAST_TRANSACTION_ID, last.value1()).set(OUTBOX_CURSOR.LAST_EVENT_ID, last.value2())
                    .where(OUTBOX_CURSOR.NAME.eq(FAN_OUT)).execute();
            return events.size();
        });
    }

    /** Events not yet fanned out plus deliveries not yet made (in flight included). */
    long backlog() {
        return (long) database.fetchCount(DELIVERY, DELIVERY.STATE.eq(EventDeliveryRepository.PENDING))
                + database.fetchCount(OUTBOX_EVENT, row(OUTBOX_EVENT.TRANSACTION_ID, OUTBOX_EVENT.ID).gt(
                        database.select(OUTBOX_CURSOR.LAST_TRANSACTION_ID, OUTBOX_CURSOR.LAST_EVENT_ID).from(OUTBOX_CURSOR)
                                .where(OUTBOX_CURSOR.NAME.eq(FAN_OUT))));
    }

    /**
     * Deletes up to {@code batch} events made before {@code cutoff} that were fanned out and that no
     * delivery refers to any more: they had none, or theirs were delivered and deleted by retention.
     * An event with a pending delivery or a dead letter stays, and so does one not yet fanned out.
     *
     * @return how many were deleted
     */
    int deleteRetired(Instant cutoff, int batch) {
        var old = OUTBOX_EVENT.as("old");
        return database.deleteFrom(OUTBOX_EVENT).where(OUTBOX_EVENT.ID.in(select(old.ID).from(old)
                .where(old.CREATED_AT.lt(cutoff.atOffset(ZoneOffset.UTC)))
                .and(row(old.TRANSACTION_ID, old.ID).le(select(OUTBOX_CURSOR.LAST_TRANSACTION_ID, OUTBOX_CURSOR.LAST_EVENT_ID)
                        .from(OUTBOX_CURSOR).where(OUTBOX_CURSOR.NAME.eq(FAN_OUT))))
                .and(notExists(selectOne().from(DELIVERY).where(DELIVERY.EVENT_ID.eq(old.ID))))
                .orderBy(old.ID).limit(batch).forUpdate().skipLocked())).execute();
    }
}
