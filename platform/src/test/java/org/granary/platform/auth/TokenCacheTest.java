package org.granary.platform.auth;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCacheTest {
    private static final Caller SCIENTIST = new Caller(7, Role.SCIENTIST, "ozone team");

    /** Time that moves only when the test says so. */
    private static final class TestingTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    /** A database stand-in: answers with {@code caller} and counts the questions. */
    private static final class CountingLookup implements Function<String, Optional<Caller>> {
        private final AtomicInteger calls = new AtomicInteger();
        private volatile Optional<Caller> caller;

        CountingLookup(Optional<Caller> caller) {
            this.caller = caller;
        }

        @Override
        public Optional<Caller> apply(String hash) {
            calls.incrementAndGet();
            return caller;
        }
    }

    private final TestingTicker ticker = new TestingTicker();
    private final TokenCache cache = new TokenCache(Duration.ofMinutes(1), ticker);

    @Test
    void aCheckedTokenIsAnsweredFromTheCacheUntilItsTimeToLiveEnds() {
        CountingLookup database = new CountingLookup(Optional.of(SCIENTIST));

        assertThat(cache.get("hash", database)).hasValue(SCIENTIST);
        ticker.advance(Duration.ofSeconds(59));
        assertThat(cache.get("hash", database)).hasValue(SCIENTIST);
        assertThat(database.calls).hasValue(1);

        ticker.advance(Duration.ofSeconds(1));
        database.caller = Optional.empty();
        assertThat(cache.get("hash", database)).isEmpty();
        assertThat(database.calls).hasValue(2);
    }

    @Test
    void anUnknownTokenIsNotKept() {
        CountingLookup database = new CountingLookup(Optional.empty());

        assertThat(cache.get("hash", database)).isEmpty();
        assertThat(cache.get("hash", database)).isEmpty();
        assertThat(database.calls).hasValue(2);
    }

    @Test
    void aForgottenTokenIsLookedUpAgainAndOthersAreKept() {
        CountingLookup database = new CountingLookup(Optional.of(SCIENTIST));
        cache.get("revoked", database);
        cache.get("other", database);

        cache.forget("revoked");
        database.caller = Optional.empty();

        assertThat(cache.get("revoked", database)).isEmpty();
        assertThat(cache.get("other", database)).hasValue(SCIENTIST);
        assertThat(database.calls).hasValue(3);
    }

    @Test
    void forgettingAllDropsEveryToken() {
        CountingLookup database = new CountingLookup(Optional.of(SCIENTIST));
        cache.get("a", database);
        cache.get("b", database);

        cache.forgetAll();

        cache.get("a", database);
        cache.get("b", database);
        assertThat(database.calls).hasValue(4);
    }

    @Test
    void aRevocationArrivingWhileTheTokenIsBeingLookedUpIsNotUndoneByThatLookup() throws Exception {
        CountDownLatch lookingUp = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        Thread request = Thread.ofPlatform().start(() -> cache.get("hash", hash -> {
            lookingUp.countDown();
            await(answer);
            return Optional.of(SCIENTIST); // read before the revocation committed
        }));
        assertThat(lookingUp.await(10, TimeUnit.SECONDS)).isTrue();

        Thread revocation = Thread.ofPlatform().start(() -> cache.forget("hash"));
        awaitBlockedOrDone(revocation);
        answer.countDown();
        request.join();
        revocation.join();

        assertThat(cache.get("hash", hash -> Optional.empty())).as("the revoked token was not kept").isEmpty();
    }

    @Test
    void aLookupInFlightWhenAllIsForgottenIsNeverUsed() throws Exception {
        CountDownLatch lookingUp = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        Thread request = Thread.ofPlatform().start(() -> cache.get("hash", hash -> {
            lookingUp.countDown();
            await(answer);
            return Optional.of(SCIENTIST);
        }));
        assertThat(lookingUp.await(10, TimeUnit.SECONDS)).isTrue();

        cache.forgetAll();
        answer.countDown();
        request.join();

        assertThat(cache.get("hash", hash -> Optional.empty())).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The forget must have reached the cache before the lookup answers: it blocks on it, or it ran before. */
    private static void awaitBlockedOrDone(Thread thread) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (thread.getState() != Thread.State.BLOCKED && thread.getState() != Thread.State.TERMINATED
                && thread.getState() != Thread.State.WAITING) {
            assertThat(Instant.now()).as("the revocation reached the cache").isBefore(deadline);
            Thread.sleep(5);
        }
    }
}
