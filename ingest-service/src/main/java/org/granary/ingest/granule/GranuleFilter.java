package org.granary.ingest.granule;

import java.time.Instant;

/**
 * The filters of {@code GET /granules}; every one is optional. A time range selects granules
 * whose [start, end] overlaps [from, to).
 */
public record GranuleFilter(String esdt, Integer collection, Instant from, Instant to, Integer orbitFrom, Integer orbitTo, String source) {
}
