-- Subscribers of "granule archived" events: a callback URL and, optionally, the ESDTs they want.
CREATE TABLE subscription (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    callback_url text        NOT NULL CHECK (callback_url ~ '^https?://'),
    esdts        text[],
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    active       boolean     NOT NULL DEFAULT true
);

-- One event for one subscriber, retried with backoff until delivered or dead (then replayable).
CREATE TABLE delivery (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id bigint      NOT NULL REFERENCES subscription (id),
    event_id        bigint      NOT NULL REFERENCES outbox_event (id),
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    delivered_at    timestamptz,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX delivery_dead ON delivery (subscription_id, id) WHERE state = 'dead';

-- How far the fan-out of outbox events to subscriptions has got.
CREATE TABLE outbox_cursor (
    name          text   PRIMARY KEY,
    last_event_id bigint NOT NULL
);
INSERT INTO outbox_cursor (name, last_event_id) VALUES ('fan-out', 0);
