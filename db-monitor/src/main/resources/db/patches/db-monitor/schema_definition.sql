-- Schema definition, generated from a database's catalog by Granary's schema-patches.
-- Do not edit: change the schema with a new patch, then generate this file again.
-- Objects are sorted by kind and name; a table's columns are in name order.

-- schema public
CREATE SCHEMA public;
ALTER SCHEMA public OWNER TO pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';

-- extension plpgsql
CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog VERSION '1.0';

-- table public.alert
CREATE TABLE public.alert (
    cluster text NOT NULL,
    fired_at timestamp with time zone,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    node text,
    notified_firing_at timestamp with time zone,
    notified_resolved_at timestamp with time zone,
    resolved_at timestamp with time zone,
    rule_id bigint NOT NULL,
    silence_id bigint,
    started_at timestamp with time zone NOT NULL,
    state text NOT NULL,
    value double precision NOT NULL
);

-- table public.alert_notification
CREATE TABLE public.alert_notification (
    alert_id bigint NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone NOT NULL,
    given_up_at timestamp with time zone,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    last_error text,
    next_attempt_at timestamp with time zone NOT NULL,
    payload jsonb NOT NULL,
    sent_at timestamp with time zone,
    state text NOT NULL,
    webhook text NOT NULL
);

-- table public.alert_rule
CREATE TABLE public.alert_rule (
    cluster text,
    comparison text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by text NOT NULL,
    deleted_at timestamp with time zone,
    deleted_by text,
    for_millis bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    metric text NOT NULL,
    name text NOT NULL,
    severity text NOT NULL,
    threshold double precision NOT NULL,
    webhooks text[] NOT NULL
);

-- table public.annotation
CREATE TABLE public.annotation (
    at timestamp with time zone NOT NULL,
    author text NOT NULL,
    cluster text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    text text NOT NULL
);

-- table public.deadlock
CREATE TABLE public.deadlock (
    cluster text NOT NULL,
    detail text,
    detected_at timestamp with time zone NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    node text NOT NULL
);

-- table public.downsampled_hour
CREATE TABLE public.downsampled_hour (
    hour timestamp with time zone NOT NULL
);

-- table public.sample
CREATE TABLE public.sample (
    at timestamp with time zone NOT NULL,
    cluster text NOT NULL,
    metric text NOT NULL,
    node text NOT NULL,
    value double precision NOT NULL
) PARTITION BY RANGE (at);

-- table public.sample_hourly
CREATE TABLE public.sample_hourly (
    average double precision NOT NULL,
    cluster text NOT NULL,
    hour timestamp with time zone NOT NULL,
    maximum double precision NOT NULL,
    metric text NOT NULL,
    minimum double precision NOT NULL,
    node text NOT NULL,
    samples integer NOT NULL
);

-- table public.silence
CREATE TABLE public.silence (
    cluster text,
    created_by text NOT NULL,
    ended_at timestamp with time zone,
    ended_by text,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    reason text NOT NULL,
    rule text,
    starts_at timestamp with time zone NOT NULL,
    until timestamp with time zone NOT NULL
);

-- table public.weather_change
CREATE TABLE public.weather_change (
    at timestamp with time zone NOT NULL,
    cluster text NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    reasons jsonb NOT NULL,
    weather text NOT NULL
);

-- constraint alert_check on public.alert
ALTER TABLE public.alert ADD CONSTRAINT alert_check CHECK (((state = 'pending'::text) = (fired_at IS NULL)));

-- constraint alert_check1 on public.alert
ALTER TABLE public.alert ADD CONSTRAINT alert_check1 CHECK (((state = 'resolved'::text) = (resolved_at IS NOT NULL)));

-- constraint alert_pkey on public.alert
ALTER TABLE public.alert ADD CONSTRAINT alert_pkey PRIMARY KEY (id);

-- constraint alert_state_check on public.alert
ALTER TABLE public.alert ADD CONSTRAINT alert_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'firing'::text, 'resolved'::text])));

-- constraint alert_notification_pkey on public.alert_notification
ALTER TABLE public.alert_notification ADD CONSTRAINT alert_notification_pkey PRIMARY KEY (id);

-- constraint alert_notification_state_check on public.alert_notification
ALTER TABLE public.alert_notification ADD CONSTRAINT alert_notification_state_check CHECK ((state = ANY (ARRAY['firing'::text, 'resolved'::text])));

-- constraint alert_rule_comparison_check on public.alert_rule
ALTER TABLE public.alert_rule ADD CONSTRAINT alert_rule_comparison_check CHECK ((comparison = ANY (ARRAY['above'::text, 'below'::text])));

-- constraint alert_rule_for_millis_check on public.alert_rule
ALTER TABLE public.alert_rule ADD CONSTRAINT alert_rule_for_millis_check CHECK ((for_millis >= 0));

-- constraint alert_rule_name_check on public.alert_rule
ALTER TABLE public.alert_rule ADD CONSTRAINT alert_rule_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200)));

-- constraint alert_rule_pkey on public.alert_rule
ALTER TABLE public.alert_rule ADD CONSTRAINT alert_rule_pkey PRIMARY KEY (id);

-- constraint alert_rule_severity_check on public.alert_rule
ALTER TABLE public.alert_rule ADD CONSTRAINT alert_rule_severity_check CHECK ((severity = ANY (ARRAY['warning'::text, 'critical'::text])));

-- constraint annotation_pkey on public.annotation
ALTER TABLE public.annotation ADD CONSTRAINT annotation_pkey PRIMARY KEY (id);

-- constraint annotation_text_check on public.annotation
ALTER TABLE public.annotation ADD CONSTRAINT annotation_text_check CHECK (((length(text) >= 1) AND (length(text) <= 2000)));

-- constraint deadlock_pkey on public.deadlock
ALTER TABLE public.deadlock ADD CONSTRAINT deadlock_pkey PRIMARY KEY (id);

-- constraint downsampled_hour_pkey on public.downsampled_hour
ALTER TABLE public.downsampled_hour ADD CONSTRAINT downsampled_hour_pkey PRIMARY KEY (hour);

-- constraint sample_hourly_pkey on public.sample_hourly
ALTER TABLE public.sample_hourly ADD CONSTRAINT sample_hourly_pkey PRIMARY KEY (cluster, metric, node, hour);

-- constraint silence_check on public.silence
ALTER TABLE public.silence ADD CONSTRAINT silence_check CHECK ((until > starts_at));

-- constraint silence_pkey on public.silence
ALTER TABLE public.silence ADD CONSTRAINT silence_pkey PRIMARY KEY (id);

-- constraint silence_reason_check on public.silence
ALTER TABLE public.silence ADD CONSTRAINT silence_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 2000)));

-- constraint weather_change_pkey on public.weather_change
ALTER TABLE public.weather_change ADD CONSTRAINT weather_change_pkey PRIMARY KEY (id);

-- constraint weather_change_weather_check on public.weather_change
ALTER TABLE public.weather_change ADD CONSTRAINT weather_change_weather_check CHECK ((weather = ANY (ARRAY['fair'::text, 'cloudy'::text, 'stormy'::text, 'unknown'::text])));

-- index public.alert_cluster
CREATE INDEX alert_cluster ON public.alert USING btree (cluster, id);

-- index public.alert_open
CREATE UNIQUE INDEX alert_open ON public.alert USING btree (rule_id, cluster, COALESCE(node, ''::text)) WHERE (state <> 'resolved'::text);

-- index public.alert_notification_alert
CREATE INDEX alert_notification_alert ON public.alert_notification USING btree (alert_id);

-- index public.alert_notification_due
CREATE INDEX alert_notification_due ON public.alert_notification USING btree (next_attempt_at) WHERE ((sent_at IS NULL) AND (given_up_at IS NULL));

-- index public.alert_rule_live_name
CREATE UNIQUE INDEX alert_rule_live_name ON public.alert_rule USING btree (name) WHERE (deleted_at IS NULL);

-- index public.annotation_cluster
CREATE INDEX annotation_cluster ON public.annotation USING btree (cluster, at);

-- index public.deadlock_cluster
CREATE INDEX deadlock_cluster ON public.deadlock USING btree (cluster, detected_at);

-- index public.sample_series
CREATE INDEX sample_series ON public.sample USING btree (cluster, metric, at);

-- index public.sample_time
CREATE INDEX sample_time ON public.sample USING brin (at);

-- index public.silence_current
CREATE INDEX silence_current ON public.silence USING btree (until) WHERE (ended_at IS NULL);

-- index public.weather_change_cluster
CREATE INDEX weather_change_cluster ON public.weather_change USING btree (cluster, at);

-- constraint alert_rule_id_fkey on public.alert
ALTER TABLE public.alert ADD CONSTRAINT alert_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES public.alert_rule(id);

-- constraint alert_silence_id_fkey on public.alert
ALTER TABLE public.alert ADD CONSTRAINT alert_silence_id_fkey FOREIGN KEY (silence_id) REFERENCES public.silence(id);

-- constraint alert_notification_alert_id_fkey on public.alert_notification
ALTER TABLE public.alert_notification ADD CONSTRAINT alert_notification_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES public.alert(id);
