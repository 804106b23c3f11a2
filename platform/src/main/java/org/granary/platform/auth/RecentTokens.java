package org.granary.platform.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Callers recently authenticated, by secret hash, for a short time. Every request carries a
 * token, and the services call each other for every file (ingest to two archive nodes): without
 * this, a token lookup in the shared database was a quarter of an archive node's work per PUT.
 * A revocation is seen at once by the service that made it and within {@code ttl} by the others.
 */
final class RecentTokens {
    /** Far above the live tokens of a deployment; reaching it means somebody is spraying secrets. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(Caller caller, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    RecentTokens(Duration ttl, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    Optional<Caller> get(String secretHash) {
        Entry entry = entries.get(secretHash);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoClock.getAsLong() - entry.expiresAtNanos() >= 0) {
            entries.remove(secretHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    void put(String secretHash, Caller caller) {
        if (ttlNanos <= 0) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(secretHash, new Entry(caller, nanoClock.getAsLong() + ttlNanos));
    }

    /** After a revocation: which entry holds the revoked token is unknown (only hashes are kept). */
    void clear() {
        entries.clear();
    }
}
