-- db-monitor's own records: samples as time series, partitioned by day (partitions are made ahead
-- and dropped after the retention by db-monitor itself), their hourly downsampling, the weather's
-- changes, deadlocks with their details, and operators' annotations.
CREATE TABLE sample (
    at timestamptz NOT NULL,
    cluster text NOT NULL,
    node text NOT NULL,
    metric text NOT NULL,
    value double precision NOT NULL
) PARTITION BY RANGE (at);

CREATE INDEX sample_series ON sample (cluster, metric, at);
-- Samples arrive in time order: a BRIN index finds an hour's rows for downsampling at almost no cost.
CREATE INDEX sample_time ON sample USING brin (at);

CREATE TABLE sample_hourly (
    hour timestamptz NOT NULL,
    cluster text NOT NULL,
    node text NOT NULL,
    metric text NOT NULL,
    minimum double precision NOT NULL,
    average double precision NOT NULL,
    maximum double precision NOT NULL,
    samples integer NOT NULL,
    PRIMARY KEY (cluster, metric, node, hour)
);

-- Hours already downsampled: downsampling resumes after the last one, whatever stopped it.
CREATE TABLE downsampled_hour (
    hour timestamptz PRIMARY KEY
);

CREATE TABLE weather_change (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster text NOT NULL,
    at timestamptz NOT NULL,
    weather text NOT NULL CHECK (weather IN ('fair', 'cloudy', 'stormy', 'unknown')),
    reasons jsonb NOT NULL
);

CREATE INDEX weather_change_cluster ON weather_change (cluster, at);

CREATE TABLE deadlock (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster text NOT NULL,
    node text NOT NULL,
    detected_at timestamptz NOT NULL,
    detail text
);

CREATE INDEX deadlock_cluster ON deadlock (cluster, detected_at);

CREATE TABLE annotation (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster text NOT NULL,
    at timestamptz NOT NULL,
    text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    author text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX annotation_cluster ON annotation (cluster, at);
