/**
 * Announcing granules: the outbox events written with each granule are fanned out, in commit
 * order, to the subscriptions whose ESDT filter matches, and delivered at least once (receivers
 * deduplicate by the {@code Granary-Event-Id} header). Deliveries are leased in short transactions
 * and sent outside them, concurrently, with a bound per subscription, so a subscriber that does not
 * answer holds back only itself; failures are retried with backoff and become dead letters that an
 * operator can inspect, replay or delete. Callback URLs are checked when subscribing and on every
 * connection ({@code CallbackPolicy}); subscriptions belong to the token
 * that made them. Retention deletes what is delivered and old.
 */
package org.granary.ingest.event;
