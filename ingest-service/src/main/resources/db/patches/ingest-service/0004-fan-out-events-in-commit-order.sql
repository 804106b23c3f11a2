-- The fan-out followed event ids, but a push takes its id when it inserts, not when it commits: a
-- push holding id 100 that committed after the push holding 101 was passed over for good. Each event
-- now carries the id of the transaction that made it, and the fan-out takes only events whose
-- transaction is older than every transaction still running, in (transaction, id) order.
-- The constant default leaves the table unscanned; events made before this patch get 0, so those
-- after the cursor are still fanned out, once.
ALTER TABLE outbox_event ADD COLUMN transaction_id bigint NOT NULL DEFAULT 0;
ALTER TABLE outbox_event ALTER COLUMN transaction_id SET DEFAULT pg_current_xact_id()::text::bigint;
ALTER TABLE outbox_cursor ADD COLUMN last_transaction_id bigint NOT NULL DEFAULT 0;
