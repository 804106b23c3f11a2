package org.granary.ingest.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryDispatcherTest {
    private static final Instant START = Instant.parse("2004-10-01T00:00:00Z");
    private static final Executor AT_ONCE = Runnable::run;

    private final TestingClock clock = new TestingClock(START);
    private final FakeDeliveryQueue queue = new FakeDeliveryQueue();
    private final AtomicInteger sends = new AtomicInteger();
    private final CallbackSender unavailable = delivery -> {
        sends.incrementAndGet();
        return SendResult.failure("answered 503");
    };

    @Test
    void aFailingDeliveryIsDueAgainAfterOneTwoFourSecondsAtMostMaxBackoffApartAndDeadAfterMaxAttempts() {
        DeliveryDispatcher dispatcher = dispatcher(unavailable, properties(6, Duration.ofSeconds(5), 64), AT_ONCE);
        FakeDeliveryQueue.Row row = queue.add(1, START);

        List<Duration> waits = new ArrayList<>();
        while (row.state.equals(EventDeliveryRepository.PENDING)) {
            Instant attemptedAt = clock.instant();
            assertThat(dispatcher.dispatchDue()).isEqualTo(1);
            if (row.state.equals(EventDeliveryRepository.PENDING)) {
                waits.add(Duration.between(attemptedAt, row.nextAttemptAt));
                clock.advance(Duration.between(attemptedAt, row.nextAttemptAt).minusMillis(1));
                assertThat(dispatcher.dispatchDue()).as("not due a millisecond early").isZero();
                clock.advance(Duration.ofMillis(1));
            }
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        assertThat(row.state).isEqualTo(EventDeliveryRepository.DEAD);
        assertThat(row.attempts).isEqualTo(6);
        assertThat(row.lastError).isEqualTo("answered 503");
        clock.advance(Duration.ofDays(1));
        assertThat(dispatcher.dispatchDue()).as("a dead letter is not sent again").isZero();
        assertThat(sends).hasValue(6);
    }

    @Test
    void aReplayedDeadLetterIsSentAtOnceWithItsAttemptsCountedAfresh() {
        DeliveryDispatcher dispatcher = dispatcher(unavailable, properties(2, Duration.ofMinutes(5), 64), AT_ONCE);
        FakeDeliveryQueue.Row row = queue.add(1, START);
        dispatcher.dispatchDue();
        clock.advance(Duration.ofSeconds(1));
        dispatcher.dispatchDue();
        assertThat(row.state).isEqualTo(EventDeliveryRepository.DEAD);

        clock.advance(Duration.ofHours(3));
        queue.replay(row, clock.instant());
        assertThat(dispatcher.dispatchDue()).as("due at once").isEqualTo(1);

        assertThat(row.state).as("the first of two attempts again").isEqualTo(EventDeliveryRepository.PENDING);
        assertThat(row.nextAttemptAt).as("backing off from 1 s again").isEqualTo(clock.instant().plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        dispatcher.dispatchDue();
        assertThat(row.state).isEqualTo(EventDeliveryRepository.DEAD);
        assertThat(sends).hasValue(4);
    }

    @Test
    void aClaimTakesNoMoreThanTheInstanceMayStillHaveInFlight() {
        Queue<Runnable> held = new ArrayDeque<>();
        AtomicInteger finished = new AtomicInteger();
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(queue, delivery -> SendResult.success(), clock, properties(3, Duration.ofSeconds(5), 3),
                held::add, finished::incrementAndGet);
        for (long subscription = 1; subscription <= 5; subscription++) {
            queue.add(subscription, START);
        }

        assertThat(dispatcher.dispatchDue()).isEqualTo(3);
        assertThat(dispatcher.dispatchDue()).as("three in flight, no room").isZero();
        held.remove().run();
        assertThat(finished).hasValue(1);
        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        assertThat(dispatcher.inFlight()).isEqualTo(3);
    }

    @Test
    void aClaimTakesNoMoreForASubscriptionThanItsBound() {
        Queue<Runnable> held = new ArrayDeque<>();
        DeliveryDispatcher dispatcher = dispatcher(delivery -> SendResult.success(), properties(3, Duration.ofSeconds(5), 64), held::add);
        for (int event = 0; event < 6; event++) {
            queue.add(1, START);
        }
        queue.add(2, START);

        assertThat(dispatcher.dispatchDue()).as("two of subscription 1's six, and subscription 2's one").isEqualTo(3);
        assertThat(dispatcher.dispatchDue()).isZero();
        held.remove().run();
        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
    }

    private DeliveryDispatcher dispatcher(CallbackSender sender, EventsProperties properties, Executor executor) {
        return new DeliveryDispatcher(queue, sender, clock, properties, executor, () -> { });
    }

    /** {@code maxInFlight} for the instance; two per subscription. */
    private static EventsProperties properties(int maxAttempts, Duration maxBackoff, int maxInFlight) {
        return new EventsProperties(maxAttempts, maxBackoff, Duration.ofMillis(500), Duration.ofMinutes(2), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Math.min(2, maxInFlight), maxInFlight, Duration.ofDays(30), Duration.ofHours(1), List.of());
    }
}
