package org.granary.platform.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many requests with a body each caller has in progress, up to a cap: one for callers from
 * outside, a larger one for our own services. Callers with none are forgotten.
 */
final class CallerPermits {
    private final int maxPerCaller;
    private final int maxPerService;
    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();

    CallerPermits(int maxPerCaller, int maxPerService) {
        if (maxPerCaller < 1 || maxPerService < 1) {
            throw new IllegalArgumentException("caps must be at least 1, were " + maxPerCaller + " and " + maxPerService);
        }
        this.maxPerCaller = maxPerCaller;
        this.maxPerService = maxPerService;
    }

    int maxPerCaller() {
        return maxPerCaller;
    }

    int maxPerService() {
        return maxPerService;
    }

    /** True when a caller from outside was under its cap and now holds one more permit, to be released once. */
    boolean tryAcquire(String caller) {
        return tryAcquire(caller, maxPerCaller);
    }

    /** As {@link #tryAcquire(String)}, for one of our own services and its larger cap. */
    boolean tryAcquireForService(String caller) {
        return tryAcquire(caller, maxPerService);
    }

    private boolean tryAcquire(String caller, int cap) {
        AtomicBoolean acquired = new AtomicBoolean();
        inProgress.compute(caller, (key, held) -> {
            int current = held == null ? 0 : held;
            if (current >= cap) {
                return held;
            }
            acquired.set(true);
            return current + 1;
        });
        return acquired.get();
    }

    void release(String caller) {
        inProgress.computeIfPresent(caller, (key, held) -> held <= 1 ? null : held - 1);
    }

    int held(String caller) {
        return inProgress.getOrDefault(caller, 0);
    }
}
