-- Alerting: rules, the alerts they raise on each cluster and node (their state is kept here, so a
-- restart neither repeats nor loses a notification), the webhook notifications of those alerts (an
-- outbox: a notification is marked sent only after its receiver answered 2xx), and silences. Rules
-- and silences are kept after they are deleted or end, for the record; pending alerts that never
-- fired are not kept.
CREATE TABLE alert_rule (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    metric text NOT NULL,
    comparison text NOT NULL CHECK (comparison IN ('above', 'below')),
    threshold double precision NOT NULL,
    for_millis bigint NOT NULL CHECK (for_millis >= 0),
    severity text NOT NULL CHECK (severity IN ('warning', 'critical')),
    -- null: every cluster
    cluster text,
    webhooks text[] NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    deleted_at timestamptz,
    deleted_by text
);

CREATE UNIQUE INDEX alert_rule_live_name ON alert_rule (name) WHERE deleted_at IS NULL;

CREATE TABLE silence (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- null: every cluster, every rule
    cluster text,
    rule text,
    starts_at timestamptz NOT NULL,
    until timestamptz NOT NULL,
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    created_by text NOT NULL,
    ended_at timestamptz,
    ended_by text,
    CHECK (until > starts_at)
);

CREATE INDEX silence_current ON silence (until) WHERE ended_at IS NULL;

CREATE TABLE alert (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id bigint NOT NULL REFERENCES alert_rule (id),
    cluster text NOT NULL,
    -- null for a rule on the cluster's weather
    node text,
    state text NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
    -- the figure when the alert fired (while pending: when it last held)
    value double precision NOT NULL,
    started_at timestamptz NOT NULL,
    fired_at timestamptz,
    resolved_at timestamptz,
    notified_firing_at timestamptz,
    notified_resolved_at timestamptz,
    -- the silence that last kept a notification of this alert from being sent
    silence_id bigint REFERENCES silence (id),
    CHECK ((state = 'pending') = (fired_at IS NULL)),
    CHECK ((state = 'resolved') = (resolved_at IS NOT NULL))
);

-- One open alert per rule, cluster and node.
CREATE UNIQUE INDEX alert_open ON alert (rule_id, cluster, coalesce(node, '')) WHERE state <> 'resolved';
CREATE INDEX alert_cluster ON alert (cluster, id);

CREATE TABLE alert_notification (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id bigint NOT NULL REFERENCES alert (id),
    state text NOT NULL CHECK (state IN ('firing', 'resolved')),
    webhook text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    sent_at timestamptz,
    given_up_at timestamptz,
    last_error text
);

CREATE INDEX alert_notification_due ON alert_notification (next_attempt_at) WHERE sent_at IS NULL AND given_up_at IS NULL;
CREATE INDEX alert_notification_alert ON alert_notification (alert_id);
