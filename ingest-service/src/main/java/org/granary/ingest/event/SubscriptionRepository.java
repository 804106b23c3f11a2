package org.granary.ingest.event;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.granary.ingest.schema.tables.records.SubscriptionRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static org.granary.ingest.schema.Tables.SUBSCRIPTION;

/** Subscriptions: who wants which events where. */
@Repository
class SubscriptionRepository {
    private final DSLContext database;

    SubscriptionRepository(DSLContext database) {
        this.database = database;
    }

    Subscription subscribe(URI callbackUrl, List<String> esdts, String createdBy, long ownerTokenId) {
        return toSubscription(database.insertInto(SUBSCRIPTION)
                .set(SUBSCRIPTION.CALLBACK_URL, callbackUrl.toString())
                .set(SUBSCRIPTION.ESDTS, esdts.isEmpty() ? null : esdts.toArray(String[]::new))
                .set(SUBSCRIPTION.CREATED_BY, createdBy)
                .set(SUBSCRIPTION.OWNER_TOKEN_ID, ownerTokenId)
                .returning().fetchSingle());
    }

    List<Subscription> all() {
        return database.selectFrom(SUBSCRIPTION).orderBy(SUBSCRIPTION.ID).fetch(SubscriptionRepository::toSubscription);
    }

    List<Subscription> ownedBy(long tokenId) {
        return database.selectFrom(SUBSCRIPTION).where(SUBSCRIPTION.OWNER_TOKEN_ID.eq(tokenId)).orderBy(SUBSCRIPTION.ID)
                .fetch(SubscriptionRepository::toSubscription);
    }

    Optional<Subscription> find(long id) {
        return database.selectFrom(SUBSCRIPTION).where(SUBSCRIPTION.ID.eq(id)).fetchOptional().map(SubscriptionRepository::toSubscription);
    }

    /** Stops a subscription; its pending deliveries are still made. */
    void deactivate(long id) {
        database.update(SUBSCRIPTION).set(SUBSCRIPTION.ACTIVE, false).where(SUBSCRIPTION.ID.eq(id)).execute();
    }

    static Subscription toSubscription(SubscriptionRecord row) {
        return new Subscription(row.getId(), row.getCallbackUrl(), row.getEsdts() == null ? null : Arrays.asList(row.getEsdts()),
                row.getCreatedBy(), row.getOwnerTokenId(), row.getCreatedAt().toInstant(), row.getActive());
    }
}
