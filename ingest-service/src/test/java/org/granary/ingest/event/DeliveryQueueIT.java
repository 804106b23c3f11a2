package org.granary.ingest.event;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.granary.ingest.Subscriber;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.granary.platform.outbound.HostResolver;
import org.granary.postgres.TemporaryPostgres;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery queue on real PostgreSQL: leases, the bound per subscription, fenced outcomes and
 * retention; and a lost lease's delivery sent again over real HTTP. Each test has a database of
 * its own; time is a {@link TestingClock}, so nothing waits for a lease to end.
 */
class DeliveryQueueIT {
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Executor AT_ONCE = Runnable::run;

    private JdbcClient sql;
    private EventRepository events;
    private EventDeliveryRepository deliveries;
    private SubscriptionRepository subscriptions;
    private TestingClock clock;

    @BeforeEach
    void freshDatabase() {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(TemporaryPostgres.freshDatabase("delivery_queue"));
        SchemaPatcher.apply(database, PatchSet.fromClasspath("ingest-service", "db/patches/ingest-service", getClass().getClassLoader()),
                SchemaPatcher.Options.defaults());
        sql = JdbcClient.create(database);
        sql.sql("INSERT INTO esdt (short_name, collection_version, processing_level, description, file_name_pattern, time_unit, "
                + "duplicate_policy) VALUES ('OMTO3', 3, '2', 'total ozone', 'OMTO3_{orbit:5}.he5', 'orbit', 'reject'), "
                + "('OMNO2', 3, '2', 'nitrogen dioxide', 'OMNO2_{orbit:5}.he5', 'orbit', 'reject')").update();
        var dsl = DSL.using((DataSource) database, SQLDialect.POSTGRES);
        events = new EventRepository(dsl);
        deliveries = new EventDeliveryRepository(dsl);
        subscriptions = new SubscriptionRepository(dsl);
        // Fanned-out deliveries are due at the database's now(); the clock starts after it.
        clock = new TestingClock(Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void aDeliveryWhoseLeaseEndedWithoutAnOutcomeIsSentAgain() throws Exception {
        try (Subscriber subscriber = Subscriber.listen(0);
                CallbackClient callbacks = new CallbackClient(properties(), loopbackAllowed())) {
            subscribe(subscriber.url(), List.of());
            long event = OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "OMTO3_01132.he5");
            events.fanOut(500);
            DeliveryDispatcher dispatcher = new DeliveryDispatcher(deliveries, callbacks, clock, properties(), AT_ONCE, () -> { });

            List<ClaimedDelivery> lost = deliveries.claim(clock.instant(), clock.instant().plus(LEASE), 4, 10);
            assertThat(lost).as("claimed by an instance that dies before sending").hasSize(1);
            assertThat(dispatcher.dispatchDue()).as("leased").isZero();
            clock.advance(LEASE.minusSeconds(1));
            assertThat(dispatcher.dispatchDue()).as("still leased").isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(dispatcher.dispatchDue()).as("the lease has ended").isOne();

            assertThat(subscriber.received()).extracting(Subscriber.Received::eventId).containsExactly(String.valueOf(event));
            assertThat(subscriber.received().getFirst().body()).contains("\"granule-archived\"");
            Delivery delivery = deliveries.delivery(lost.getFirst().id()).orElseThrow();
            assertThat(delivery.state()).isEqualTo("delivered");
            assertThat(delivery.attempts()).isOne();
            assertThat(delivery.leasedUntil()).isNull();
            assertThat(delivery.deliveredAt()).isEqualTo(clock.instant());
        }
    }

    @Test
    void aClaimLeasesNoMoreForASubscriptionThanItsBoundCountingTheLeasesNotYetEnded() {
        long first = subscribe("http://subscriber.example/first", List.of());
        long second = subscribe("http://subscriber.example/second", List.of());
        for (int orbit = 0; orbit < 5; orbit++) {
            OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "OMTO3_0" + (1200 + orbit) + ".he5");
        }
        events.fanOut(500);

        List<ClaimedDelivery> claimed = claim(100);
        assertThat(claimed).extracting(ClaimedDelivery::subscriptionId).containsExactlyInAnyOrder(first, first, second, second);
        assertThat(claim(100)).as("both at their bound").isEmpty();

        deliveries.delivered(claimed.getFirst(), clock.instant());
        assertThat(claim(100)).extracting(ClaimedDelivery::subscriptionId).containsExactly(claimed.getFirst().subscriptionId());

        clock.advance(LEASE);
        assertThat(claim(100)).as("the leases have ended: two each again").hasSize(4);
        clock.advance(LEASE);
        assertThat(claim(3)).as("the limit for the instance").hasSize(3);
    }

    @Test
    void aFailureIsRecordedOnlyWhileTheLeaseIsStillItsOwnAndADeliveryAlways() {
        subscribe("http://subscriber.example/events", List.of());
        OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "OMTO3_01132.he5");
        events.fanOut(500);
        ClaimedDelivery expired = claim(10).getFirst();
        clock.advance(LEASE.plusSeconds(1));
        ClaimedDelivery current = claim(10).getFirst();

        deliveries.failed(expired, "answered 503", clock.instant().plusSeconds(1));
        Delivery afterLateFailure = deliveries.delivery(current.id()).orElseThrow();
        deliveries.failed(current, "answered 502", clock.instant().plusSeconds(1));
        Delivery afterFailure = deliveries.delivery(current.id()).orElseThrow();
        ClaimedDelivery again = claimAt(clock.instant().plusSeconds(1));
        deliveries.delivered(expired, clock.instant().plusSeconds(2));

        assertThat(afterLateFailure.attempts()).isZero();
        assertThat(afterLateFailure.leasedUntil()).isEqualTo(current.leasedUntil());
        assertThat(afterFailure.attempts()).isOne();
        assertThat(afterFailure.lastError()).isEqualTo("answered 502");
        assertThat(afterFailure.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(1));
        assertThat(again.attempts()).isOne();
        Delivery delivered = deliveries.delivery(current.id()).orElseThrow();
        assertThat(delivered.state()).as("the subscriber has it, whichever lease sent it").isEqualTo("delivered");
        assertThat(delivered.leasedUntil()).isNull();
    }

    @Test
    void retentionDeletesOldDeliveredDeliveriesAndEventsNoDeliveryNeedsAndKeepsTheRest() {
        long subscription = subscribe("http://subscriber.example/events", List.of("OMTO3"));
        long delivered = OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "OMTO3_01001.he5");
        long deliveredAgain = OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "OMTO3_01002.he5");
        long deliveredRecently = OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "OMTO3_01003.he5");
        long pending = OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "OMTO3_01004.he5");
        long dead = OutboxRows.insertGranuleWithEvent(sql, "OMTO3", "OMTO3_01005.he5");
        long unsubscribed = OutboxRows.insertGranuleWithEvent(sql, "OMNO2", "OMNO2_01006.he5");
        long recent = OutboxRows.insertGranuleWithEvent(sql, "OMNO2", "OMNO2_01007.he5");
        events.fanOut(500);
        long notFannedOut = OutboxRows.insertGranuleWithEvent(sql, "OMNO2", "OMNO2_01008.he5");
        Instant old = clock.instant().minus(Duration.ofDays(40));
        sql.sql("UPDATE outbox_event SET created_at = ? WHERE id <> ?").params(old.atOffset(java.time.ZoneOffset.UTC), recent).update();
        sql.sql("UPDATE delivery SET state = 'delivered', delivered_at = ? WHERE event_id IN (?, ?)")
                .params(old.atOffset(java.time.ZoneOffset.UTC), delivered, deliveredAgain).update();
        sql.sql("UPDATE delivery SET state = 'delivered', delivered_at = ? WHERE event_id = ?")
                .params(clock.instant().minus(Duration.ofDays(1)).atOffset(java.time.ZoneOffset.UTC), deliveredRecently).update();
        sql.sql("UPDATE delivery SET state = 'dead', attempts = 15 WHERE event_id = ?").param(dead).update();

        EventRetention.Deleted deleted = new EventRetention(events, deliveries, clock, Duration.ofDays(30), 1).deleteExpired();

        assertThat(deleted).isEqualTo(new EventRetention.Deleted(2, 3));
        assertThat(sql.sql("SELECT event_id FROM delivery WHERE subscription_id = ? ORDER BY event_id").param(subscription)
                .query(Long.class).list()).containsExactly(deliveredRecently, pending, dead);
        assertThat(sql.sql("SELECT id FROM outbox_event ORDER BY id").query(Long.class).list())
                .containsExactly(deliveredRecently, pending, dead, recent, notFannedOut);
        assertThat(unsubscribed).isNotIn(sql.sql("SELECT id FROM outbox_event").query(Long.class).list());
    }

    private long subscribe(String url, List<String> esdts) {
        return subscriptions.subscribe(URI.create(url), esdts, "test", 1).id();
    }

    private List<ClaimedDelivery> claim(int limit) {
        return deliveries.claim(clock.instant(), clock.instant().plus(LEASE), 2, limit);
    }

    private ClaimedDelivery claimAt(Instant at) {
        return deliveries.claim(at, at.plus(LEASE), 2, 10).getFirst();
    }

    private static EventsProperties properties() {
        return new EventsProperties(3, Duration.ofSeconds(1), Duration.ofMillis(500), LEASE, Duration.ofSeconds(5), Duration.ofSeconds(10),
                4, 8, Duration.ofDays(30), Duration.ofHours(1), List.of("127.0.0.1"));
    }

    private static CallbackPolicy loopbackAllowed() {
        return new CallbackPolicy(List.of("127.0.0.1"), new OwnServices(HostResolver.SYSTEM, List::of),
                HostResolver.SYSTEM);
    }
}
