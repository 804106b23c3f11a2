package org.granary.platform.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** How many requests with a body each caller has in progress, up to a cap. Callers with none are forgotten. */
final class CallerPermits {
    private final int maxPerCaller;
    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();

    CallerPermits(int maxPerCaller) {
        if (maxPerCaller < 1) {
            throw new IllegalArgumentException("maxPerCaller must be at least 1, was " + maxPerCaller);
        }
        this.maxPerCaller = maxPerCaller;
    }

    int maxPerCaller() {
        return maxPerCaller;
    }

    /** True when the caller was under the cap and now holds one more permit, to be released once. */
    boolean tryAcquire(String caller) {
        AtomicBoolean acquired = new AtomicBoolean();
        inProgress.compute(caller, (key, held) -> {
            int current = held == null ? 0 : held;
            if (current >= maxPerCaller) {
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
