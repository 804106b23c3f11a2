-- Schema definition, generated from a database's catalog by Granary's schema-patches.
-- Do not edit: change the schema with a new patch, then generate this file again.
-- Objects are sorted by kind and name; a table's columns are in name order.

-- schema public
CREATE SCHEMA public;

-- extension plpgsql
CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog VERSION '1.0';

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

-- table public.weather_change
CREATE TABLE public.weather_change (
    at timestamp with time zone NOT NULL,
    cluster text NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    reasons jsonb NOT NULL,
    weather text NOT NULL
);

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

-- constraint weather_change_pkey on public.weather_change
ALTER TABLE public.weather_change ADD CONSTRAINT weather_change_pkey PRIMARY KEY (id);

-- constraint weather_change_weather_check on public.weather_change
ALTER TABLE public.weather_change ADD CONSTRAINT weather_change_weather_check CHECK ((weather = ANY (ARRAY['fair'::text, 'cloudy'::text, 'stormy'::text, 'unknown'::text])));

-- index public.annotation_cluster
CREATE INDEX annotation_cluster ON public.annotation USING btree (cluster, at);

-- index public.deadlock_cluster
CREATE INDEX deadlock_cluster ON public.deadlock USING btree (cluster, detected_at);

-- index public.sample_series
CREATE INDEX sample_series ON public.sample USING btree (cluster, metric, at);

-- index public.sample_time
CREATE INDEX sample_time ON public.sample USING brin (at);

-- index public.weather_change_cluster
CREATE INDEX weather_change_cluster ON public.weather_change USING btree (cluster, at);
