-- Schema definition, generated from a database's catalog by Granary's schema-patches.
-- Do not edit: change the schema with a new patch, then generate this file again.
-- Objects are sorted by kind and name; a table's columns are in name order.

-- schema btree_gist
CREATE SCHEMA btree_gist;

-- schema public
CREATE SCHEMA public;
ALTER SCHEMA public OWNER TO pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';

-- schema quartz
CREATE SCHEMA quartz;

-- extension btree_gist
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA btree_gist VERSION '1.7';

-- extension plpgsql
CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog VERSION '1.0';

-- table public.campaign
CREATE TABLE public.campaign (
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    ended_at timestamp with time zone,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    pge_name text,
    pge_version text,
    priority integer DEFAULT 0 NOT NULL,
    range_end timestamp with time zone,
    range_start timestamp with time zone,
    remake_from bigint,
    requested_by text NOT NULL,
    state text NOT NULL
);

-- table public.granule
CREATE TABLE public.granule (
    collection integer NOT NULL,
    end_time timestamp with time zone,
    esdt text NOT NULL,
    file_name text NOT NULL,
    id bigint NOT NULL,
    learned_at timestamp with time zone DEFAULT now() NOT NULL,
    orbit integer,
    part integer,
    producing_job text,
    product_key text NOT NULL,
    sha256 text NOT NULL,
    size_bytes bigint NOT NULL,
    start_time timestamp with time zone,
    state text NOT NULL,
    version integer NOT NULL
);

-- table public.job
CREATE TABLE public.job (
    attempts integer DEFAULT 0 NOT NULL,
    campaign_id bigint,
    cancel_requested boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    deadline timestamp with time zone,
    ended_at timestamp with time zone,
    executor text,
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    lease_until timestamp with time zone,
    lost_runs integer DEFAULT 0 NOT NULL,
    max_attempts integer NOT NULL,
    orbit integer,
    pge_name text NOT NULL,
    pge_version text NOT NULL,
    priority integer DEFAULT 0 NOT NULL,
    reason text DEFAULT ''::text NOT NULL,
    requested_by text NOT NULL,
    retry_at timestamp with time zone,
    run_id text,
    started_at timestamp with time zone,
    state text NOT NULL,
    unit_end timestamp with time zone NOT NULL,
    unit_start timestamp with time zone NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    worker text
);

-- table public.job_dependency
CREATE TABLE public.job_dependency (
    job_id bigint NOT NULL,
    upstream_job_id bigint NOT NULL
);

-- table public.job_input
CREATE TABLE public.job_input (
    esdt text NOT NULL,
    granule_id bigint NOT NULL,
    job_id bigint NOT NULL
);

-- table public.job_output
CREATE TABLE public.job_output (
    at timestamp with time zone DEFAULT now() NOT NULL,
    esdt text NOT NULL,
    file_name text NOT NULL,
    granule_id bigint NOT NULL,
    job_id bigint NOT NULL
);

-- table public.job_transition
CREATE TABLE public.job_transition (
    at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    from_state text,
    job_id bigint NOT NULL,
    reason text NOT NULL,
    to_state text NOT NULL
);

-- table public.pge
CREATE TABLE public.pge (
    command text[] NOT NULL,
    cores integer NOT NULL,
    max_attempts integer NOT NULL,
    memory_megabytes integer NOT NULL,
    name text NOT NULL,
    registered_at timestamp with time zone DEFAULT now() NOT NULL,
    registered_by text NOT NULL,
    schedule text,
    time_limit interval NOT NULL,
    time_unit text NOT NULL,
    unit_length interval,
    version text NOT NULL
);

-- table public.pge_input
CREATE TABLE public.pge_input (
    "position" integer NOT NULL,
    collection integer,
    esdt text NOT NULL,
    mandatory boolean NOT NULL,
    minimum_count integer NOT NULL,
    pge_name text NOT NULL,
    pge_version text NOT NULL,
    selection text NOT NULL,
    wait interval NOT NULL,
    window_after interval DEFAULT '00:00:00'::interval NOT NULL,
    window_before interval DEFAULT '00:00:00'::interval NOT NULL
);

-- table public.pge_output
CREATE TABLE public.pge_output (
    esdt text NOT NULL,
    pge_name text NOT NULL,
    pge_version text NOT NULL
);

-- table public.received_event
CREATE TABLE public.received_event (
    event_id bigint NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL
);

-- table public.setting
CREATE TABLE public.setting (
    name text NOT NULL,
    value text NOT NULL
);

-- table quartz.qrtz_blob_triggers
CREATE TABLE quartz.qrtz_blob_triggers (
    blob_data bytea,
    sched_name character varying(120) NOT NULL,
    trigger_group character varying(200) NOT NULL,
    trigger_name character varying(200) NOT NULL
);

-- table quartz.qrtz_calendars
CREATE TABLE quartz.qrtz_calendars (
    calendar bytea NOT NULL,
    calendar_name character varying(200) NOT NULL,
    sched_name character varying(120) NOT NULL
);

-- table quartz.qrtz_cron_triggers
CREATE TABLE quartz.qrtz_cron_triggers (
    cron_expression character varying(120) NOT NULL,
    sched_name character varying(120) NOT NULL,
    time_zone_id character varying(80),
    trigger_group character varying(200) NOT NULL,
    trigger_name character varying(200) NOT NULL
);

-- table quartz.qrtz_fired_triggers
CREATE TABLE quartz.qrtz_fired_triggers (
    entry_id character varying(95) NOT NULL,
    fired_time bigint NOT NULL,
    instance_name character varying(200) NOT NULL,
    is_nonconcurrent boolean,
    job_group character varying(200),
    job_name character varying(200),
    priority integer NOT NULL,
    requests_recovery boolean,
    sched_name character varying(120) NOT NULL,
    sched_time bigint NOT NULL,
    state character varying(16) NOT NULL,
    trigger_group character varying(200) NOT NULL,
    trigger_name character varying(200) NOT NULL
);

-- table quartz.qrtz_job_details
CREATE TABLE quartz.qrtz_job_details (
    description character varying(250),
    is_durable boolean NOT NULL,
    is_nonconcurrent boolean NOT NULL,
    is_update_data boolean NOT NULL,
    job_class_name character varying(250) NOT NULL,
    job_data bytea,
    job_group character varying(200) NOT NULL,
    job_name character varying(200) NOT NULL,
    requests_recovery boolean NOT NULL,
    sched_name character varying(120) NOT NULL
);

-- table quartz.qrtz_locks
CREATE TABLE quartz.qrtz_locks (
    lock_name character varying(40) NOT NULL,
    sched_name character varying(120) NOT NULL
);

-- table quartz.qrtz_paused_trigger_grps
CREATE TABLE quartz.qrtz_paused_trigger_grps (
    sched_name character varying(120) NOT NULL,
    trigger_group character varying(200) NOT NULL
);

-- table quartz.qrtz_scheduler_state
CREATE TABLE quartz.qrtz_scheduler_state (
    checkin_interval bigint NOT NULL,
    instance_name character varying(200) NOT NULL,
    last_checkin_time bigint NOT NULL,
    sched_name character varying(120) NOT NULL
);

-- table quartz.qrtz_simple_triggers
CREATE TABLE quartz.qrtz_simple_triggers (
    repeat_count bigint NOT NULL,
    repeat_interval bigint NOT NULL,
    sched_name character varying(120) NOT NULL,
    times_triggered bigint NOT NULL,
    trigger_group character varying(200) NOT NULL,
    trigger_name character varying(200) NOT NULL
);

-- table quartz.qrtz_simprop_triggers
CREATE TABLE quartz.qrtz_simprop_triggers (
    bool_prop_1 boolean,
    bool_prop_2 boolean,
    dec_prop_1 numeric(13,4),
    dec_prop_2 numeric(13,4),
    int_prop_1 integer,
    int_prop_2 integer,
    long_prop_1 bigint,
    long_prop_2 bigint,
    sched_name character varying(120) NOT NULL,
    str_prop_1 character varying(512),
    str_prop_2 character varying(512),
    str_prop_3 character varying(512),
    trigger_group character varying(200) NOT NULL,
    trigger_name character varying(200) NOT NULL
);

-- table quartz.qrtz_triggers
CREATE TABLE quartz.qrtz_triggers (
    calendar_name character varying(200),
    description character varying(250),
    end_time bigint,
    job_data bytea,
    job_group character varying(200) NOT NULL,
    job_name character varying(200) NOT NULL,
    misfire_instr smallint,
    next_fire_time bigint,
    prev_fire_time bigint,
    priority integer,
    sched_name character varying(120) NOT NULL,
    start_time bigint NOT NULL,
    trigger_group character varying(200) NOT NULL,
    trigger_name character varying(200) NOT NULL,
    trigger_state character varying(16) NOT NULL,
    trigger_type character varying(8) NOT NULL
);

-- constraint campaign_check on public.campaign
ALTER TABLE public.campaign ADD CONSTRAINT campaign_check CHECK ((range_end > range_start));

-- constraint campaign_pkey on public.campaign
ALTER TABLE public.campaign ADD CONSTRAINT campaign_pkey PRIMARY KEY (id);

-- constraint campaign_state_check on public.campaign
ALTER TABLE public.campaign ADD CONSTRAINT campaign_state_check CHECK ((state = ANY (ARRAY['active'::text, 'paused'::text, 'cancelled'::text, 'finished'::text])));

-- constraint granule_pkey on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_pkey PRIMARY KEY (id);

-- constraint granule_sha256_check on public.granule
ALTER TABLE public.granule ADD CONSTRAINT granule_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text));

-- constraint job_check on public.job
ALTER TABLE public.job ADD CONSTRAINT job_check CHECK ((unit_end > unit_start));

-- constraint job_pkey on public.job
ALTER TABLE public.job ADD CONSTRAINT job_pkey PRIMARY KEY (id);

-- constraint job_state_check on public.job
ALTER TABLE public.job ADD CONSTRAINT job_state_check CHECK ((state = ANY (ARRAY['planned'::text, 'waiting'::text, 'ready'::text, 'queued'::text, 'running'::text, 'succeeded'::text, 'failed'::text, 'cancelled'::text])));

-- constraint job_dependency_pkey on public.job_dependency
ALTER TABLE public.job_dependency ADD CONSTRAINT job_dependency_pkey PRIMARY KEY (job_id, upstream_job_id);

-- constraint job_input_pkey on public.job_input
ALTER TABLE public.job_input ADD CONSTRAINT job_input_pkey PRIMARY KEY (job_id, granule_id);

-- constraint job_output_pkey on public.job_output
ALTER TABLE public.job_output ADD CONSTRAINT job_output_pkey PRIMARY KEY (job_id, granule_id);

-- constraint pge_check on public.pge
ALTER TABLE public.pge ADD CONSTRAINT pge_check CHECK (((time_unit = 'interval'::text) = (unit_length IS NOT NULL)));

-- constraint pge_command_check on public.pge
ALTER TABLE public.pge ADD CONSTRAINT pge_command_check CHECK (((cardinality(command) >= 1) AND (cardinality(command) <= 200)));

-- constraint pge_cores_check on public.pge
ALTER TABLE public.pge ADD CONSTRAINT pge_cores_check CHECK (((cores >= 1) AND (cores <= 1024)));

-- constraint pge_max_attempts_check on public.pge
ALTER TABLE public.pge ADD CONSTRAINT pge_max_attempts_check CHECK (((max_attempts >= 1) AND (max_attempts <= 20)));

-- constraint pge_memory_megabytes_check on public.pge
ALTER TABLE public.pge ADD CONSTRAINT pge_memory_megabytes_check CHECK ((memory_megabytes >= 1));

-- constraint pge_name_check on public.pge
ALTER TABLE public.pge ADD CONSTRAINT pge_name_check CHECK ((name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$'::text));

-- constraint pge_pkey on public.pge
ALTER TABLE public.pge ADD CONSTRAINT pge_pkey PRIMARY KEY (name, version);

-- constraint pge_time_limit_check on public.pge
ALTER TABLE public.pge ADD CONSTRAINT pge_time_limit_check CHECK ((time_limit > '00:00:00'::interval));

-- constraint pge_time_unit_check on public.pge
ALTER TABLE public.pge ADD CONSTRAINT pge_time_unit_check CHECK ((time_unit = ANY (ARRAY['orbit'::text, 'day'::text, 'month'::text, 'interval'::text])));

-- constraint pge_version_check on public.pge
ALTER TABLE public.pge ADD CONSTRAINT pge_version_check CHECK ((version ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'::text));

-- constraint pge_input_minimum_count_check on public.pge_input
ALTER TABLE public.pge_input ADD CONSTRAINT pge_input_minimum_count_check CHECK ((minimum_count >= 0));

-- constraint pge_input_pge_name_pge_version_esdt_key on public.pge_input
ALTER TABLE public.pge_input ADD CONSTRAINT pge_input_pge_name_pge_version_esdt_key UNIQUE (pge_name, pge_version, esdt);

-- constraint pge_input_pkey on public.pge_input
ALTER TABLE public.pge_input ADD CONSTRAINT pge_input_pkey PRIMARY KEY (pge_name, pge_version, "position");

-- constraint pge_input_position_check on public.pge_input
ALTER TABLE public.pge_input ADD CONSTRAINT pge_input_position_check CHECK (("position" >= 0));

-- constraint pge_input_selection_check on public.pge_input
ALTER TABLE public.pge_input ADD CONSTRAINT pge_input_selection_check CHECK ((selection = ANY (ARRAY['overlap'::text, 'latest-before'::text, 'closest'::text, 'window'::text])));

-- constraint pge_input_wait_check on public.pge_input
ALTER TABLE public.pge_input ADD CONSTRAINT pge_input_wait_check CHECK ((wait >= '00:00:00'::interval));

-- constraint pge_output_pkey on public.pge_output
ALTER TABLE public.pge_output ADD CONSTRAINT pge_output_pkey PRIMARY KEY (pge_name, pge_version, esdt);

-- constraint received_event_pkey on public.received_event
ALTER TABLE public.received_event ADD CONSTRAINT received_event_pkey PRIMARY KEY (event_id);

-- constraint setting_pkey on public.setting
ALTER TABLE public.setting ADD CONSTRAINT setting_pkey PRIMARY KEY (name);

-- constraint qrtz_blob_triggers_pkey on quartz.qrtz_blob_triggers
ALTER TABLE quartz.qrtz_blob_triggers ADD CONSTRAINT qrtz_blob_triggers_pkey PRIMARY KEY (sched_name, trigger_name, trigger_group);

-- constraint qrtz_calendars_pkey on quartz.qrtz_calendars
ALTER TABLE quartz.qrtz_calendars ADD CONSTRAINT qrtz_calendars_pkey PRIMARY KEY (sched_name, calendar_name);

-- constraint qrtz_cron_triggers_pkey on quartz.qrtz_cron_triggers
ALTER TABLE quartz.qrtz_cron_triggers ADD CONSTRAINT qrtz_cron_triggers_pkey PRIMARY KEY (sched_name, trigger_name, trigger_group);

-- constraint qrtz_fired_triggers_pkey on quartz.qrtz_fired_triggers
ALTER TABLE quartz.qrtz_fired_triggers ADD CONSTRAINT qrtz_fired_triggers_pkey PRIMARY KEY (sched_name, entry_id);

-- constraint qrtz_job_details_pkey on quartz.qrtz_job_details
ALTER TABLE quartz.qrtz_job_details ADD CONSTRAINT qrtz_job_details_pkey PRIMARY KEY (sched_name, job_name, job_group);

-- constraint qrtz_locks_pkey on quartz.qrtz_locks
ALTER TABLE quartz.qrtz_locks ADD CONSTRAINT qrtz_locks_pkey PRIMARY KEY (sched_name, lock_name);

-- constraint qrtz_paused_trigger_grps_pkey on quartz.qrtz_paused_trigger_grps
ALTER TABLE quartz.qrtz_paused_trigger_grps ADD CONSTRAINT qrtz_paused_trigger_grps_pkey PRIMARY KEY (sched_name, trigger_group);

-- constraint qrtz_scheduler_state_pkey on quartz.qrtz_scheduler_state
ALTER TABLE quartz.qrtz_scheduler_state ADD CONSTRAINT qrtz_scheduler_state_pkey PRIMARY KEY (sched_name, instance_name);

-- constraint qrtz_simple_triggers_pkey on quartz.qrtz_simple_triggers
ALTER TABLE quartz.qrtz_simple_triggers ADD CONSTRAINT qrtz_simple_triggers_pkey PRIMARY KEY (sched_name, trigger_name, trigger_group);

-- constraint qrtz_simprop_triggers_pkey on quartz.qrtz_simprop_triggers
ALTER TABLE quartz.qrtz_simprop_triggers ADD CONSTRAINT qrtz_simprop_triggers_pkey PRIMARY KEY (sched_name, trigger_name, trigger_group);

-- constraint qrtz_triggers_pkey on quartz.qrtz_triggers
ALTER TABLE quartz.qrtz_triggers ADD CONSTRAINT qrtz_triggers_pkey PRIMARY KEY (sched_name, trigger_name, trigger_group);

-- index public.granule_esdt_orbit
CREATE INDEX granule_esdt_orbit ON public.granule USING btree (esdt, orbit);

-- index public.granule_esdt_start
CREATE INDEX granule_esdt_start ON public.granule USING btree (esdt, start_time);

-- index public.granule_esdt_time
CREATE INDEX granule_esdt_time ON public.granule USING gist (esdt, tstzrange(start_time, end_time, '[]'::text)) WHERE (state = 'archived'::text);

-- index public.granule_product
CREATE INDEX granule_product ON public.granule USING btree (esdt, collection, product_key, part);

-- index public.job_campaign_state
CREATE INDEX job_campaign_state ON public.job USING btree (campaign_id, state);

-- index public.job_campaign_unit
CREATE UNIQUE INDEX job_campaign_unit ON public.job USING btree (campaign_id, pge_name, unit_start) WHERE (campaign_id IS NOT NULL);

-- index public.job_leased
CREATE INDEX job_leased ON public.job USING btree (lease_until) WHERE (state = ANY (ARRAY['queued'::text, 'running'::text]));

-- index public.job_ready_campaign
CREATE INDEX job_ready_campaign ON public.job USING btree (campaign_id, priority DESC, id) WHERE ((state = 'ready'::text) AND (campaign_id IS NOT NULL));

-- index public.job_ready_routine
CREATE INDEX job_ready_routine ON public.job USING btree (priority DESC, id) WHERE ((state = 'ready'::text) AND (campaign_id IS NULL));

-- index public.job_retry
CREATE INDEX job_retry ON public.job USING btree (retry_at) WHERE ((state = 'waiting'::text) AND (retry_at IS NOT NULL));

-- index public.job_routine_unit
CREATE UNIQUE INDEX job_routine_unit ON public.job USING btree (pge_name, unit_start) WHERE (campaign_id IS NULL);

-- index public.job_waiting
CREATE INDEX job_waiting ON public.job USING btree (pge_name, unit_start) WHERE (state = ANY (ARRAY['planned'::text, 'waiting'::text]));

-- index public.job_dependency_upstream
CREATE INDEX job_dependency_upstream ON public.job_dependency USING btree (upstream_job_id);

-- index public.job_input_granule
CREATE INDEX job_input_granule ON public.job_input USING btree (granule_id);

-- index public.job_output_granule
CREATE INDEX job_output_granule ON public.job_output USING btree (granule_id);

-- index public.job_transition_job
CREATE INDEX job_transition_job ON public.job_transition USING btree (job_id, at);

-- index public.pge_input_esdt
CREATE INDEX pge_input_esdt ON public.pge_input USING btree (esdt);

-- index quartz.idx_qrtz_ft_inst_job_req_rcvry
CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON quartz.qrtz_fired_triggers USING btree (sched_name, instance_name, requests_recovery);

-- index quartz.idx_qrtz_ft_j_g
CREATE INDEX idx_qrtz_ft_j_g ON quartz.qrtz_fired_triggers USING btree (sched_name, job_name, job_group);

-- index quartz.idx_qrtz_ft_jg
CREATE INDEX idx_qrtz_ft_jg ON quartz.qrtz_fired_triggers USING btree (sched_name, job_group);

-- index quartz.idx_qrtz_ft_t_g
CREATE INDEX idx_qrtz_ft_t_g ON quartz.qrtz_fired_triggers USING btree (sched_name, trigger_name, trigger_group);

-- index quartz.idx_qrtz_ft_tg
CREATE INDEX idx_qrtz_ft_tg ON quartz.qrtz_fired_triggers USING btree (sched_name, trigger_group);

-- index quartz.idx_qrtz_ft_trig_inst_name
CREATE INDEX idx_qrtz_ft_trig_inst_name ON quartz.qrtz_fired_triggers USING btree (sched_name, instance_name);

-- index quartz.idx_qrtz_j_grp
CREATE INDEX idx_qrtz_j_grp ON quartz.qrtz_job_details USING btree (sched_name, job_group);

-- index quartz.idx_qrtz_j_req_recovery
CREATE INDEX idx_qrtz_j_req_recovery ON quartz.qrtz_job_details USING btree (sched_name, requests_recovery);

-- index quartz.idx_qrtz_t_c
CREATE INDEX idx_qrtz_t_c ON quartz.qrtz_triggers USING btree (sched_name, calendar_name);

-- index quartz.idx_qrtz_t_g
CREATE INDEX idx_qrtz_t_g ON quartz.qrtz_triggers USING btree (sched_name, trigger_group);

-- index quartz.idx_qrtz_t_j
CREATE INDEX idx_qrtz_t_j ON quartz.qrtz_triggers USING btree (sched_name, job_name, job_group);

-- index quartz.idx_qrtz_t_jg
CREATE INDEX idx_qrtz_t_jg ON quartz.qrtz_triggers USING btree (sched_name, job_group);

-- index quartz.idx_qrtz_t_n_g_state
CREATE INDEX idx_qrtz_t_n_g_state ON quartz.qrtz_triggers USING btree (sched_name, trigger_group, trigger_state);

-- index quartz.idx_qrtz_t_n_state
CREATE INDEX idx_qrtz_t_n_state ON quartz.qrtz_triggers USING btree (sched_name, trigger_name, trigger_group, trigger_state);

-- index quartz.idx_qrtz_t_next_fire_time
CREATE INDEX idx_qrtz_t_next_fire_time ON quartz.qrtz_triggers USING btree (sched_name, next_fire_time);

-- index quartz.idx_qrtz_t_nft_misfire
CREATE INDEX idx_qrtz_t_nft_misfire ON quartz.qrtz_triggers USING btree (sched_name, misfire_instr, next_fire_time);

-- index quartz.idx_qrtz_t_nft_st
CREATE INDEX idx_qrtz_t_nft_st ON quartz.qrtz_triggers USING btree (sched_name, trigger_state, next_fire_time);

-- index quartz.idx_qrtz_t_nft_st_misfire
CREATE INDEX idx_qrtz_t_nft_st_misfire ON quartz.qrtz_triggers USING btree (sched_name, misfire_instr, next_fire_time, trigger_state);

-- index quartz.idx_qrtz_t_nft_st_misfire_grp
CREATE INDEX idx_qrtz_t_nft_st_misfire_grp ON quartz.qrtz_triggers USING btree (sched_name, misfire_instr, next_fire_time, trigger_group, trigger_state);

-- index quartz.idx_qrtz_t_state
CREATE INDEX idx_qrtz_t_state ON quartz.qrtz_triggers USING btree (sched_name, trigger_state);

-- constraint campaign_pge_name_pge_version_fkey on public.campaign
ALTER TABLE public.campaign ADD CONSTRAINT campaign_pge_name_pge_version_fkey FOREIGN KEY (pge_name, pge_version) REFERENCES public.pge(name, version);

-- constraint job_campaign_id_fkey on public.job
ALTER TABLE public.job ADD CONSTRAINT job_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES public.campaign(id);

-- constraint job_pge_name_pge_version_fkey on public.job
ALTER TABLE public.job ADD CONSTRAINT job_pge_name_pge_version_fkey FOREIGN KEY (pge_name, pge_version) REFERENCES public.pge(name, version);

-- constraint job_dependency_job_id_fkey on public.job_dependency
ALTER TABLE public.job_dependency ADD CONSTRAINT job_dependency_job_id_fkey FOREIGN KEY (job_id) REFERENCES public.job(id);

-- constraint job_dependency_upstream_job_id_fkey on public.job_dependency
ALTER TABLE public.job_dependency ADD CONSTRAINT job_dependency_upstream_job_id_fkey FOREIGN KEY (upstream_job_id) REFERENCES public.job(id);

-- constraint job_input_job_id_fkey on public.job_input
ALTER TABLE public.job_input ADD CONSTRAINT job_input_job_id_fkey FOREIGN KEY (job_id) REFERENCES public.job(id);

-- constraint job_output_job_id_fkey on public.job_output
ALTER TABLE public.job_output ADD CONSTRAINT job_output_job_id_fkey FOREIGN KEY (job_id) REFERENCES public.job(id);

-- constraint job_transition_job_id_fkey on public.job_transition
ALTER TABLE public.job_transition ADD CONSTRAINT job_transition_job_id_fkey FOREIGN KEY (job_id) REFERENCES public.job(id);

-- constraint pge_input_pge_name_pge_version_fkey on public.pge_input
ALTER TABLE public.pge_input ADD CONSTRAINT pge_input_pge_name_pge_version_fkey FOREIGN KEY (pge_name, pge_version) REFERENCES public.pge(name, version);

-- constraint pge_output_pge_name_pge_version_fkey on public.pge_output
ALTER TABLE public.pge_output ADD CONSTRAINT pge_output_pge_name_pge_version_fkey FOREIGN KEY (pge_name, pge_version) REFERENCES public.pge(name, version);

-- constraint qrtz_blob_triggers_sched_name_trigger_name_trigger_group_fkey on quartz.qrtz_blob_triggers
ALTER TABLE quartz.qrtz_blob_triggers ADD CONSTRAINT qrtz_blob_triggers_sched_name_trigger_name_trigger_group_fkey FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES quartz.qrtz_triggers(sched_name, trigger_name, trigger_group);

-- constraint qrtz_cron_triggers_sched_name_trigger_name_trigger_group_fkey on quartz.qrtz_cron_triggers
ALTER TABLE quartz.qrtz_cron_triggers ADD CONSTRAINT qrtz_cron_triggers_sched_name_trigger_name_trigger_group_fkey FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES quartz.qrtz_triggers(sched_name, trigger_name, trigger_group);

-- constraint qrtz_simple_triggers_sched_name_trigger_name_trigger_group_fkey on quartz.qrtz_simple_triggers
ALTER TABLE quartz.qrtz_simple_triggers ADD CONSTRAINT qrtz_simple_triggers_sched_name_trigger_name_trigger_group_fkey FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES quartz.qrtz_triggers(sched_name, trigger_name, trigger_group);

-- constraint qrtz_simprop_triggers_sched_name_trigger_name_trigger_grou_fkey on quartz.qrtz_simprop_triggers
ALTER TABLE quartz.qrtz_simprop_triggers ADD CONSTRAINT qrtz_simprop_triggers_sched_name_trigger_name_trigger_grou_fkey FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES quartz.qrtz_triggers(sched_name, trigger_name, trigger_group);

-- constraint qrtz_triggers_sched_name_job_name_job_group_fkey on quartz.qrtz_triggers
ALTER TABLE quartz.qrtz_triggers ADD CONSTRAINT qrtz_triggers_sched_name_job_name_job_group_fkey FOREIGN KEY (sched_name, job_name, job_group) REFERENCES quartz.qrtz_job_details(sched_name, job_name, job_group);
