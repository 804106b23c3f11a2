package org.granary.ingest.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.granary.ingest.schema.tables.records.DeliveryRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Repository;

import static org.granary.ingest.schema.Tables.DELIVERY;
import static org.granary.ingest.schema.Tables.OUTBOX_EVENT;
import static org.granary.ingest.schema.Tables.SUBSCRIPTION;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectCount;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.val;

/** Deliveries of events to subscriptions: the queue the dispatcher works from, dead letters, retention. */
@Repository
class EventDeliveryRepository implements DeliveryQueue {
    private static final Logger log = LoggerFactory.getLogger(EventDeliveryRepository.class);
    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String DEAD = "dead";

    private final DSLContext database;

    EventDeliveryRepository(DSLContext database) {
        this.database = database;
    }

    /**
     * One short transaction: first the subscriptions with due deliveries are locked ({@code SKIP
     * LOCKED}: another instance claiming for one of them is left to it), then, in a statement that
     * sees every lease committed before those locks were taken, each locked subscription's room
     * (its bound less its unexpired leases) is filled with its oldest due deliveries, which are
     * leased: due again when the lease ends, unless an outcome is recorded first.
     */
    @Override
    public List<ClaimedDelivery> claim(Instant now, Instant leasedUntil, int perSubscription, int limit) {
        OffsetDateTime at = utc(now);
        OffsetDateTime until = utc(leasedUntil);
        return database.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            List<Long> subscriptions = transaction.select(SUBSCRIPTION.ID).from(SUBSCRIPTION)
                    .whereExists(selectOne().from(DELIVERY).where(DELIVERY.SUBSCRIPTION_ID.eq(SUBSCRIPTION.ID), DELIVERY.STATE.eq(PENDING),
                            DELIVERY.NEXT_ATTEMPT_AT.le(at)))
                    .orderBy(SUBSCRIPTION.ID).forNoKeyUpdate().skipLocked().fetch(SUBSCRIPTION.ID);
            if (subscriptions.isEmpty()) {
                return List.of();
            }
            List<Long> picked = pick(transaction, subscriptions, at, perSubscription, limit);
            if (picked.isEmpty()) {
                return List.of();
            }
            return transaction.update(DELIVERY).set(DELIVERY.LEASED_UNTIL, until).set(DELIVERY.NEXT_ATTEMPT_AT, until)
                    .from(SUBSCRIPTION, OUTBOX_EVENT)
                    .where(DELIVERY.ID.in(picked), SUBSCRIPTION.ID.eq(DELIVERY.SUBSCRIPTION_ID), OUTBOX_EVENT.ID.eq(DELIVERY.EVENT_ID))
                    .returningResult(DELIVERY.ID, DELIVERY.SUBSCRIPTION_ID, DELIVERY.EVENT_ID, DELIVERY.ATTEMPTS, SUBSCRIPTION.CALLBACK_URL,
                            OUTBOX_EVENT.PAYLOAD)
                    .fetch(row -> new ClaimedDelivery(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6().data(),
                            leasedUntil));
        });
    }

    private static List<Long> pick(DSLContext transaction, List<Long> subscriptions, OffsetDateTime at, int perSubscription, int limit) {
        var leased = DELIVERY.as("leased");
        Field<Integer> room = greatest(val(perSubscription).minus(field(selectCount().from(leased)
                .where(leased.SUBSCRIPTION_ID.eq(SUBSCRIPTION.ID), leased.LEASED_UNTIL.gt(at)))), inline(0));
        var due = DELIVERY.as("due");
        var oldestDue = lateral(select(due.ID).from(due)
                .where(due.SUBSCRIPTION_ID.eq(SUBSCRIPTION.ID), due.STATE.eq(PENDING), due.NEXT_ATTEMPT_AT.le(at))
                .orderBy(due.NEXT_ATTEMPT_AT, due.ID).limit(room).forUpdate().skipLocked()).as("oldest_due");
        return transaction.select(oldestDue.field(due.ID)).from(SUBSCRIPTION).crossJoin(oldestDue)
                .where(SUBSCRIPTION.ID.in(subscriptions)).limit(limit).fetch(oldestDue.field(due.ID));
    }

    @Override
    public void delivered(ClaimedDelivery delivery, Instant deliveredAt) {
        database.update(DELIVERY).set(DELIVERY.STATE, DELIVERED).set(DELIVERY.DELIVERED_AT, utc(deliveredAt))
                .set(DELIVERY.ATTEMPTS, DELIVERY.ATTEMPTS.plus(1)).setNull(DELIVERY.LAST_ERROR).setNull(DELIVERY.LEASED_UNTIL)
                .where(DELIVERY.ID.eq(delivery.id()), DELIVERY.STATE.ne(DELIVERED)).execute();
    }

    @Override
    public void failed(ClaimedDelivery delivery, String error, Instant nextAttempt) {
        recordFailure(delivery, error, PENDING, utc(nextAttempt));
    }

    @Override
    public void dead(ClaimedDelivery delivery, String error) {
        recordFailure(delivery, error, DEAD, utc(delivery.leasedUntil()));
    }

    private void recordFailure(ClaimedDelivery delivery, String error, String state, OffsetDateTime nextAttempt) {
        int updated = database.update(DELIVERY).set(DELIVERY.STATE, state).set(DELIVERY.ATTEMPTS, DELIVERY.ATTEMPTS.plus(1))
                .set(DELIVERY.LAST_ERROR, error).set(DELIVERY.NEXT_ATTEMPT_AT, nextAttempt).setNull(DELIVERY.LEASED_UNTIL)
                .where(DELIVERY.ID.eq(delivery.id()), DELIVERY.STATE.eq(PENDING), DELIVERY.LEASED_UNTIL.eq(utc(delivery.leasedUntil())))
                .execute();
        if (updated == 0) {
            log.info("delivery {} failed ({}) after its lease ended and was claimed again; the later attempt's outcome counts",
                    delivery.id(), error);
        }
    }

    List<Delivery> deadLetters(long afterId, int limit) {
        return database.selectFrom(DELIVERY).where(DELIVERY.STATE.eq(DEAD)).orderBy(DELIVERY.ID).seek(afterId).limit(limit)
                .fetch(EventDeliveryRepository::toDelivery);
    }

    Optional<Delivery> delivery(long id) {
        return database.selectFrom(DELIVERY).where(DELIVERY.ID.eq(id)).fetchOptional().map(EventDeliveryRepository::toDelivery);
    }

    /** Puts a dead letter back in the queue, due now, with its attempts counted afresh; false unless it is dead. */
    boolean replay(long id) {
        return database.update(DELIVERY).set(DELIVERY.STATE, PENDING).set(DELIVERY.ATTEMPTS, 0)
                .set(DELIVERY.NEXT_ATTEMPT_AT, currentOffsetDateTime()).where(DELIVERY.ID.eq(id), DELIVERY.STATE.eq(DEAD)).execute() == 1;
    }

    /** Deletes a dead letter for good; false unless it is dead. */
    boolean deleteDeadLetter(long id) {
        return database.deleteFrom(DELIVERY).where(DELIVERY.ID.eq(id), DELIVERY.STATE.eq(DEAD)).execute() == 1;
    }

    /** Deletes up to {@code batch} deliveries delivered before {@code cutoff}; returns how many. */
    int deleteDelivered(Instant cutoff, int batch) {
        var old = DELIVERY.as("old");
        return database.deleteFrom(DELIVERY).where(DELIVERY.ID.in(select(old.ID).from(old)
                .where(old.STATE.eq(DELIVERED), old.DELIVERED_AT.lt(utc(cutoff))).limit(batch).forUpdate().skipLocked())).execute();
    }

    private static Delivery toDelivery(DeliveryRecord row) {
        return new Delivery(row.getId(), row.getSubscriptionId(), row.getEventId(), row.getState(), row.getAttempts(),
                instant(row.getNextAttemptAt()), instant(row.getLeasedUntil()), row.getLastError(), instant(row.getDeliveredAt()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
