/**
 * Announcing archived granules: the outbox events written with each granule are fanned out to
 * the subscriptions whose ESDT filter matches and delivered at least once (receivers deduplicate
 * by the {@code Granary-Event-Id} header), with retries and backoff; deliveries that keep failing
 * become dead letters that an operator can inspect and replay.
 */
package org.granary.ingest.event;
