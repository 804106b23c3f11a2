package org.granary.ingest.client;

import java.time.Instant;

/**
 * One event of {@code GET /granules/changes}.
 *
 * @param type {@code granule-archived}, {@code granule-updated}, {@code granule-superseded},
 *     {@code granule-deleted} or {@code granule-corrected}
 * @param origin who made the change: null for ingest's own, {@code legacy} for one metadata-sync brought
 * @param createdAt when ingest's transaction that made the change began (its outbox row's time): the
 *     age of a change a follower has not applied yet is its lag; null from an ingest-service before it
 */
public record GranuleChange(long id, String type, String origin, Granule granule, Instant createdAt) {
}
