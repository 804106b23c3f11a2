package org.granary.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Callers recently authenticated, by secret hash. Every request carries a token, and the services
 * call each other for every file (ingest to two archive nodes): without this, a token lookup in
 * the shared database was a quarter of an archive node's work per PUT.
 *
 * <p>A revocation must never be undone by a check that was in flight when it arrived. A lookup runs
 * inside the cache's atomic compute of its key, so {@link #forget} of that key waits for it and
 * then removes what it stored. {@link #forgetAll} (the revocation listener lost or regained its
 * connection, and may have missed notices) starts a new generation: entries of an older one,
 * including one whose lookup was in flight at that moment, are never used again.
 */
final class TokenCache {
    /** Far above the live tokens of a deployment; reaching it means somebody is spraying secrets. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(Caller caller, long generation) {
    }

    private final Cache<String, Entry> entries;
    private final AtomicLong generation = new AtomicLong();

    TokenCache(Duration ttl, Ticker ticker) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** The cached caller of this hash, or what {@code lookup} finds (kept only when found). */
    Optional<Caller> get(String secretHash, Function<String, Optional<Caller>> lookup) {
        long current = generation.get();
        Entry cached = entries.getIfPresent(secretHash);
        if (cached != null && cached.generation() == current) {
            return Optional.of(cached.caller());
        }
        Entry entry = entries.asMap().compute(secretHash, (hash, present) -> present != null && present.generation() == current
                ? present
                : lookup.apply(hash).map(caller -> new Entry(caller, current)).orElse(null));
        return Optional.ofNullable(entry).map(Entry::caller);
    }

    /** Drops one token, waiting for a lookup of it that is in flight. */
    void forget(String secretHash) {
        entries.invalidate(secretHash);
    }

    /** Drops every token, and every lookup in flight, for good. */
    void forgetAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }
}
