package org.granary.platform.web;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerPermitsTest {
    private final CallerPermits permits = new CallerPermits(2, 3);

    @Test
    void eachCallerHasItsOwnShare() {
        assertThat(permits.tryAcquire("token 1")).isTrue();
        assertThat(permits.tryAcquire("token 1")).isTrue();
        assertThat(permits.tryAcquire("token 1")).isFalse();
        assertThat(permits.tryAcquire("address 10.0.0.7")).isTrue();
        assertThat(permits.held("token 1")).isEqualTo(2);
    }

    @Test
    void aReleasedPermitCanBeTakenAgainAndCallersWithNoneAreForgotten() {
        permits.tryAcquire("token 1");
        permits.tryAcquire("token 1");
        permits.release("token 1");

        assertThat(permits.tryAcquire("token 1")).isTrue();
        permits.release("token 1");
        permits.release("token 1");
        assertThat(permits.held("token 1")).isZero();
        permits.release("token 1");
        assertThat(permits.held("token 1")).isZero();
    }

    @Test
    void concurrentCallersNeverHoldMoreThanTheirShare() throws Exception {
        CallerPermits shared = new CallerPermits(16, 64);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (ExecutorService threads = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < 10_000; i++) {
                threads.execute(() -> {
                    if (shared.tryAcquire("token 7")) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                        shared.release("token 7");
                    }
                });
            }
        }
        assertThat(most.get()).isBetween(1, 16);
        assertThat(shared.held("token 7")).isZero();
    }

    @Test
    void aServiceHasTheLargerShare() {
        for (int i = 0; i < 3; i++) {
            assertThat(permits.tryAcquireForService("token 9")).isTrue();
        }
        assertThat(permits.tryAcquireForService("token 9")).isFalse();
        assertThat(permits.tryAcquire("token 8")).isTrue();
    }

    @Test
    void aShareIsAtLeastOne() {
        assertThatThrownBy(() -> new CallerPermits(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallerPermits(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
