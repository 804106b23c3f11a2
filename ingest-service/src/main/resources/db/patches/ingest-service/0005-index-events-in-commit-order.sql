-- patch: non-transactional
-- The fan-out reads the events after its cursor in (transaction_id, id) order; built without
-- holding up pushes, which insert events all the time.
CREATE INDEX CONCURRENTLY outbox_event_commit_order ON outbox_event (transaction_id, id);
