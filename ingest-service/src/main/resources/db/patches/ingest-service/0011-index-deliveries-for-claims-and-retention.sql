-- patch: non-transactional
-- The claim looks for the due deliveries of each subscription and counts those it has in flight;
-- retention deletes old delivered deliveries, then the events no delivery refers to any more (the
-- foreign key's check on each deleted event needs the index on event_id too). Built without
-- holding up the fan-out, which inserts deliveries all the time. The due index is replaced by the
-- per-subscription one.
CREATE INDEX CONCURRENTLY delivery_pending_by_subscription ON delivery (subscription_id, next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX CONCURRENTLY delivery_in_flight ON delivery (subscription_id, leased_until) WHERE leased_until IS NOT NULL;
CREATE INDEX CONCURRENTLY delivery_event ON delivery (event_id);
CREATE INDEX CONCURRENTLY delivery_delivered ON delivery (delivered_at) WHERE state = 'delivered';
DROP INDEX CONCURRENTLY delivery_due;
