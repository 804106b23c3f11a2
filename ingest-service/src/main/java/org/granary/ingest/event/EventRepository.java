package org.granary.ingest.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.granary.ingest.schema.tables.records.DeliveryRecord;
import org.granary.ingest.schema.tables.records.SubscriptionRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Record4;
import org.springframework.stereotype.Repository;

import static org.granary.ingest.schema.Tables.DELIVERY;
import static org.granary.ingest.schema.Tables.OUTBOX_CURSOR;
import static org.granary.ingest.schema.Tables.OUTBOX_EVENT;
import static org.granary.ingest.schema.Tables.SUBSCRIPTION;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.val;

/** Subscriptions, deliveries and the fan-out cursor. */
@Repository
class EventRepository {
    private static final String FAN_OUT = "fan-out";
    /** The oldest transaction id still running in the cluster: every transaction before it has ended. */
    private static final Field<Long> OLDEST_RUNNING_TRANSACTION = field("pg_snapshot_xmin(pg_current_snapshot())::text::bigint", Long.class);

    private final DSLContext database;

    EventRepository(DSLContext database) {
        this.database = database;
    }

    Subscription subscribe(String callbackUrl, List<String> esdts, String createdBy) {
        return toSubscription(database.insertInto(SUBSCRIPTION)
                .set(SUBSCRIPTION.CALLBACK_URL, callbackUrl)
                .set(SUBSCRIPTION.ESDTS, esdts.isEmpty() ? null : esdts.toArray(String[]::new))
                .set(SUBSCRIPTION.CREATED_BY, createdBy)
                .returning().fetchSingle());
    }

    List<Subscription> subscriptions() {
        return database.selectFrom(SUBSCRIPTION).orderBy(SUBSCRIPTION.ID).fetch(EventRepository::toSubscription);
    }

    boolean deactivate(long id) {
        return database.update(SUBSCRIPTION).set(SUBSCRIPTION.ACTIVE, false).where(SUBSCRIPTION.ID.eq(id)).execute() == 1;
    }

    /**
     * Creates the deliveries of the events after the cursor, for every active subscription whose
     * filter matches, and moves the cursor, in one transaction; the cursor row's lock keeps two
     * instances from fanning out the same events.
     *
     * <p>Events are taken in the order of the transactions that made them, and only once no
     * transaction older than theirs is still running: a push takes its event id when it inserts but
     * may commit after a push that took a later one, so a cursor on ids alone would pass it over for
     * good. A transaction left open anywhere in the cluster holds the fan-out back until it ends.
     *
     * @return how many events were fanned out, at most {@code batch}
     */
    int fanOut(int batch) {
        return database.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Record2<Long, Long> cursor = transaction.select(OUTBOX_CURSOR.LAST_TRANSACTION_ID, OUTBOX_CURSOR.LAST_EVENT_ID)
                    .from(OUTBOX_CURSOR).where(OUTBOX_CURSOR.NAME.eq(FAN_OUT)).forUpdate().fetchSingle();
            List<Record4<Long, Long, String, Long>> events = transaction
                    .select(OUTBOX_EVENT.TRANSACTION_ID, OUTBOX_EVENT.ID, OUTBOX_EVENT.ESDT, OUTBOX_EVENT.GRANULE_ID)
                    .from(OUTBOX_EVENT)
                    .where(row(OUTBOX_EVENT.TRANSACTION_ID, OUTBOX_EVENT.ID).gt(cursor.value1(), cursor.value2()))
                    .and(OUTBOX_EVENT.TRANSACTION_ID.lt(OLDEST_RUNNING_TRANSACTION))
                    .orderBy(OUTBOX_EVENT.TRANSACTION_ID, OUTBOX_EVENT.ID).limit(batch).fetch();
            if (events.isEmpty()) {
                return 0;
            }
            List<Subscription> active = transaction.selectFrom(SUBSCRIPTION).where(SUBSCRIPTION.ACTIVE).fetch(EventRepository::toSubscription);
            var deliveries = transaction.insertInto(DELIVERY, DELIVERY.SUBSCRIPTION_ID, DELIVERY.EVENT_ID);
            int matches = 0;
            for (var event : events) {
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

    /** A delivery that is due, with what to send; claimed with SKIP LOCKED so instances share the work. */
    record Due(Delivery delivery, String callbackUrl, String payload) {
    }

    List<Due> claimDue(DSLContext transaction, int batch) {
        return transaction.select(DELIVERY.asterisk(), SUBSCRIPTION.CALLBACK_URL, OUTBOX_EVENT.PAYLOAD)
                .from(DELIVERY).join(SUBSCRIPTION).on(SUBSCRIPTION.ID.eq(DELIVERY.SUBSCRIPTION_ID))
                .join(OUTBOX_EVENT).on(OUTBOX_EVENT.ID.eq(DELIVERY.EVENT_ID))
                .where(DELIVERY.STATE.eq("pending").and(DELIVERY.NEXT_ATTEMPT_AT.le(currentOffsetDateTime())))
                .orderBy(DELIVERY.NEXT_ATTEMPT_AT).limit(batch)
                .forUpdate().of(DELIVERY).skipLocked()
                .fetch(row -> new Due(toDelivery(row.into(DELIVERY)), row.get(SUBSCRIPTION.CALLBACK_URL), row.get(OUTBOX_EVENT.PAYLOAD).data()));
    }

    void delivered(DSLContext transaction, long id) {
        transaction.update(DELIVERY).set(DELIVERY.STATE, "delivered").set(DELIVERY.DELIVERED_AT, currentOffsetDateTime())
                .set(DELIVERY.ATTEMPTS, DELIVERY.ATTEMPTS.plus(1)).setNull(DELIVERY.LAST_ERROR).where(DELIVERY.ID.eq(id)).execute();
    }

    void failed(DSLContext transaction, long id, String error, Instant nextAttempt, boolean dead) {
        transaction.update(DELIVERY).set(DELIVERY.STATE, dead ? "dead" : "pending").set(DELIVERY.ATTEMPTS, DELIVERY.ATTEMPTS.plus(1))
                .set(DELIVERY.LAST_ERROR, error).set(DELIVERY.NEXT_ATTEMPT_AT, val(nextAttempt.atOffset(ZoneOffset.UTC)))
                .where(DELIVERY.ID.eq(id)).execute();
    }

    List<Delivery> deadLetters(long afterId, int limit) {
        return database.selectFrom(DELIVERY).where(DELIVERY.STATE.eq("dead")).orderBy(DELIVERY.ID).seek(afterId).limit(limit)
                .fetch(EventRepository::toDelivery);
    }

    Optional<Delivery> delivery(long id) {
        return database.selectFrom(DELIVERY).where(DELIVERY.ID.eq(id)).fetchOptional().map(EventRepository::toDelivery);
    }

    /** Puts a dead letter back in the queue, due now, with its attempts counted afresh. */
    boolean replay(long id) {
        return database.update(DELIVERY).set(DELIVERY.STATE, "pending").set(DELIVERY.ATTEMPTS, 0)
                .set(DELIVERY.NEXT_ATTEMPT_AT, currentOffsetDateTime()).where(DELIVERY.ID.eq(id).and(DELIVERY.STATE.eq("dead"))).execute() == 1;
    }

    long backlog() {
        return database.fetchCount(DELIVERY, DELIVERY.STATE.eq("pending"))
                + database.fetchCount(OUTBOX_EVENT, row(OUTBOX_EVENT.TRANSACTION_ID, OUTBOX_EVENT.ID).gt(
                        database.select(OUTBOX_CURSOR.LAST_TRANSACTION_ID, OUTBOX_CURSOR.LAST_EVENT_ID).from(OUTBOX_CURSOR)
                                .where(OUTBOX_CURSOR.NAME.eq(FAN_OUT))));
    }

    private static Subscription toSubscription(SubscriptionRecord row) {
        return new Subscription(row.getId(), row.getCallbackUrl(), row.getEsdts() == null ? null : Arrays.asList(row.getEsdts()),
                row.getCreatedBy(), row.getCreatedAt().toInstant(), row.getActive());
    }

    private static Delivery toDelivery(DeliveryRecord row) {
        return new Delivery(row.getId(), row.getSubscriptionId(), row.getEventId(), row.getState(), row.getAttempts(),
                instant(row.getNextAttemptAt()), row.getLastError(), instant(row.getDeliveredAt()));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
