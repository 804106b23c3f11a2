-- Deliveries are sent outside any transaction: a claim marks the due rows leased until a moment
-- (and due again then, should the sender die mid-send) and commits; the outcome clears the lease.
-- The rows leased now are the deliveries in flight, which the claim bounds per subscription.
ALTER TABLE delivery ADD COLUMN leased_until timestamptz;

-- The id of the token that subscribed (tokens live in the auth database, hence no foreign key).
-- Subscriptions made before owners were recorded have none and are seen by operators only.
ALTER TABLE subscription ADD COLUMN owner_token_id bigint;
