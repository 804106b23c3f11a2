package org.granary.ingest.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A granule search ({@code GET /granules}): by ESDT, time overlap {@code [from, to)}, orbit range
 * and source, each optional, in id order after {@code after}, at most {@code limit} (1 to 1000).
 * Start from {@link #all()} or {@link #of(String)} and narrow it.
 */
public record GranuleSearch(String esdt, Instant from, Instant to, Integer orbitFrom, Integer orbitTo, String source, long after,
        int limit) {
    public static final int MAX_LIMIT = 1000;

    public GranuleSearch {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (after < 0) {
            throw new IllegalArgumentException("after must not be negative: " + after);
        }
    }

    public static GranuleSearch all() {
        return new GranuleSearch(null, null, null, null, null, null, 0, 100);
    }

    public static GranuleSearch of(String esdt) {
        return all().withEsdt(esdt);
    }

    public GranuleSearch withEsdt(String newEsdt) {
        return new GranuleSearch(newEsdt, from, to, orbitFrom, orbitTo, source, after, limit);
    }

    /** Granules whose [start, end] overlaps [{@code newFrom}, {@code newTo}); either may be null. */
    public GranuleSearch overlapping(Instant newFrom, Instant newTo) {
        return new GranuleSearch(esdt, newFrom, newTo, orbitFrom, orbitTo, source, after, limit);
    }

    public GranuleSearch orbits(Integer first, Integer last) {
        return new GranuleSearch(esdt, from, to, first, last, source, after, limit);
    }

    public GranuleSearch withSource(String newSource) {
        return new GranuleSearch(esdt, from, to, orbitFrom, orbitTo, newSource, after, limit);
    }

    public GranuleSearch after(long id) {
        return new GranuleSearch(esdt, from, to, orbitFrom, orbitTo, source, id, limit);
    }

    public GranuleSearch limit(int newLimit) {
        return new GranuleSearch(esdt, from, to, orbitFrom, orbitTo, source, after, newLimit);
    }

    /** The next page of this search, or null when {@code page} was the last. */
    public GranuleSearch next(GranulePage page) {
        return page.nextAfter() == null ? null : after(page.nextAfter());
    }

    /** The query parameters, only those given. */
    Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "esdt", esdt);
        put(parameters, "from", from);
        put(parameters, "to", to);
        put(parameters, "orbitFrom", orbitFrom);
        put(parameters, "orbitTo", orbitTo);
        put(parameters, "source", source);
        put(parameters, "after", after == 0 ? null : after);
        parameters.put("limit", String.valueOf(limit));
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, Object value) {
        if (value != null) {
            parameters.put(name, value.toString());
        }
    }
}
