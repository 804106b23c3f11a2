-- Resolves the inputs of the jobs chosen by the first CTE (ids, or a campaign's, or every waiting
-- job whose deadline or unit end has come), and moves each to ready, waiting or failed, recording
-- each change. Parameters: job ids (bigint[] or NULL), campaign id (or NULL), due only (boolean).
WITH j AS (
    SELECT job.id, job.pge_name, job.pge_version, job.unit_start, job.unit_end, job.orbit, job.state, job.reason, job.deadline,
           job.created_at
    FROM job
    WHERE job.state IN ('planned', 'waiting') AND job.retry_at IS NULL
      AND (CAST(? AS bigint[]) IS NULL OR job.id = ANY (CAST(? AS bigint[])))
      AND (CAST(? AS bigint) IS NULL OR job.campaign_id = CAST(? AS bigint))
      AND (NOT CAST(? AS boolean) OR job.deadline <= now() OR (job.unit_end <= now() AND job.updated_at < job.unit_end))
    ORDER BY job.id
    FOR UPDATE
),
m AS (
    -- each input rule of each job with the granules it finds, one row each; a rule finding none still
    -- gives one row, its granule NULL. Every step after this one reads one row stream (aggregates,
    -- lateral look-ups by index): no join of two CTEs, whose row counts PostgreSQL cannot estimate
    -- (the jobs of a campaign were inserted in this transaction), so no plan goes quadratic.
    SELECT j.id AS job_id, j.state, j.reason, j.deadline, j.unit_end, j.created_at, i.position, i.esdt,
           i.mandatory, greatest(i.minimum_count, 1) AS needed, i.wait, g.id AS granule_id, g.esdt AS granule_esdt
    FROM j JOIN pge_input i ON i.pge_name = j.pge_name AND i.pge_version = j.pge_version
    LEFT JOIN LATERAL (
        -- an orbit job's input that carries orbits: the granules of its orbit
        SELECT g.id, g.esdt FROM granule g
        WHERE i.selection = 'overlap' AND j.orbit IS NOT NULL AND g.esdt = i.esdt AND g.orbit = j.orbit AND g.state = 'archived'
          AND (i.collection IS NULL OR g.collection = i.collection)
        UNION ALL
        -- otherwise: overlap of the granule's time with the unit, widened by the window. An orbit job
        -- looks here only for granules without an orbit, and not at all when its ESDT has none (one
        -- probe of an index instead of a time-range search per job, three quarters of a campaign's
        -- resolution when every granule carries its orbit).
        SELECT g.id, g.esdt FROM granule g
        WHERE i.selection IN ('overlap', 'window') AND g.esdt = i.esdt AND g.state = 'archived'
          AND tstzrange(g.start_time, g.end_time, '[]') && tstzrange(j.unit_start - i.window_before, j.unit_end + i.window_after, '[)')
          AND (i.selection = 'window' OR j.orbit IS NULL OR g.orbit IS NULL)
          AND (i.collection IS NULL OR g.collection = i.collection)
          AND (i.selection = 'window' OR j.orbit IS NULL
               OR EXISTS (SELECT FROM granule o WHERE o.esdt = i.esdt AND o.orbit IS NULL AND o.state = 'archived'))
        UNION ALL
        (SELECT g.id, g.esdt FROM granule g
         WHERE i.selection = 'latest-before' AND g.esdt = i.esdt AND g.state = 'archived' AND g.start_time <= j.unit_start
           AND (i.window_before = interval '0' OR g.start_time >= j.unit_start - i.window_before)
           AND (i.collection IS NULL OR g.collection = i.collection)
         ORDER BY g.start_time DESC, g.id DESC LIMIT 1)
        UNION ALL
        (SELECT c.id, c.esdt FROM (
            (SELECT g.id, g.esdt, g.start_time FROM granule g
             WHERE i.selection = 'closest' AND g.esdt = i.esdt AND g.state = 'archived' AND g.start_time <= j.unit_start
               AND (i.window_before = interval '0' OR g.start_time >= j.unit_start - i.window_before)
               AND (i.collection IS NULL OR g.collection = i.collection)
             ORDER BY g.start_time DESC LIMIT 1)
            UNION ALL
            (SELECT g.id, g.esdt, g.start_time FROM granule g
             WHERE i.selection = 'closest' AND g.esdt = i.esdt AND g.state = 'archived' AND g.start_time > j.unit_start
               AND (i.window_after = interval '0' OR g.start_time <= j.unit_start + i.window_after)
               AND (i.collection IS NULL OR g.collection = i.collection)
             ORDER BY g.start_time LIMIT 1)) c
         ORDER BY abs(extract(epoch FROM c.start_time - j.unit_start)), c.id LIMIT 1)
    ) g ON true
),
c AS (
    -- how many granules each rule found, on each of its rows; nth = 1 on one row per rule
    SELECT m.*, count(m.granule_id) OVER (PARTITION BY m.job_id, m.position) AS found,
           row_number() OVER (PARTITION BY m.job_id, m.position) AS nth
    FROM m
),
v AS (
    SELECT c.job_id AS id, c.state AS old_state, c.reason AS old_reason, c.unit_end,
           bool_and(c.found >= c.needed OR NOT c.mandatory) AS mandatory_met,
           bool_and(c.found >= c.needed OR c.mandatory) AS optional_met,
           coalesce(c.deadline, greatest(c.unit_end, c.created_at) + max(c.wait)) AS deadline,
           string_agg(CASE WHEN c.nth = 1 AND c.found < c.needed AND c.mandatory THEN format('%s (%s of %s)', c.esdt, c.found, c.needed) END,
                      ', ' ORDER BY c.position) AS missing_mandatory,
           string_agg(CASE WHEN c.nth = 1 AND c.found < c.needed AND NOT c.mandatory THEN format('%s (%s of %s)', c.esdt, c.found, c.needed) END,
                      ', ' ORDER BY c.position) AS missing_optional,
           array_agg(c.granule_id) FILTER (WHERE c.granule_id IS NOT NULL) AS granule_ids,
           array_agg(c.granule_esdt) FILTER (WHERE c.granule_id IS NOT NULL) AS granule_esdts
    FROM c
    GROUP BY c.job_id, c.state, c.reason, c.deadline, c.unit_end, c.created_at
),
w AS (
    SELECT v.*, u.upstream_failed, u.upstream
    FROM v LEFT JOIN LATERAL (
        -- a job of a remaking campaign waits for the jobs making its inputs; each looked up by its
        -- key (a join here may start from the job table when its statistics say it is empty)
        SELECT bool_or(up.state IN ('failed', 'cancelled')) AS upstream_failed, string_agg(up.id::text, ', ' ORDER BY up.id) AS upstream
        FROM (SELECT dependency.upstream_job_id AS id, (SELECT job.state FROM job WHERE job.id = dependency.upstream_job_id) AS state
              FROM job_dependency dependency WHERE dependency.job_id = v.id) up
        WHERE up.state <> 'succeeded'
    ) u ON true
),
d AS (
    SELECT v.id, v.old_state, v.deadline, v.granule_ids, v.granule_esdts,
           CASE WHEN v.upstream_failed THEN 'failed'
                WHEN v.upstream IS NOT NULL THEN 'waiting'
                WHEN NOT v.mandatory_met AND v.deadline <= now() THEN 'failed'
                WHEN v.mandatory_met AND (v.optional_met OR v.deadline <= now()) AND v.unit_end <= now() THEN 'ready'
                ELSE 'waiting' END AS new_state,
           CASE WHEN v.upstream_failed THEN 'a job making its inputs failed or was cancelled: job ' || v.upstream
                WHEN v.upstream IS NOT NULL THEN 'waiting for the jobs making its inputs: job ' || v.upstream
                WHEN NOT v.mandatory_met AND v.deadline <= now()
                    THEN 'mandatory inputs missing at the deadline ' || to_char(v.deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                         || ': ' || v.missing_mandatory
                WHEN v.mandatory_met AND v.optional_met AND v.unit_end <= now() THEN 'inputs complete'
                WHEN v.mandatory_met AND v.deadline <= now() AND v.unit_end <= now()
                    THEN 'running without optional inputs missing at the deadline: ' || v.missing_optional
                WHEN v.mandatory_met AND v.optional_met THEN 'inputs complete; waiting for the unit to end'
                ELSE 'waiting for ' || concat_ws(', ', v.missing_mandatory, v.missing_optional) || ' until '
                     || to_char(v.deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END AS new_reason
    FROM w v
),
inputs AS (
    INSERT INTO job_input (job_id, granule_id, esdt)
    SELECT d.id, input.granule_id, input.esdt FROM d CROSS JOIN LATERAL unnest(d.granule_ids, d.granule_esdts) AS input (granule_id, esdt)
    WHERE d.new_state = 'ready'
    ON CONFLICT DO NOTHING
),
changed AS (
    UPDATE job SET state = d.new_state, reason = d.new_reason, deadline = d.deadline, updated_at = now(),
                   ended_at = CASE WHEN d.new_state = 'failed' THEN now() END
    FROM d
    WHERE job.id = d.id AND (job.state <> d.new_state OR job.reason <> d.new_reason OR job.state = 'waiting')
    RETURNING job.id, d.old_state, d.new_state, d.new_reason
)
INSERT INTO job_transition (job_id, from_state, to_state, reason)
SELECT id, old_state, new_state, new_reason FROM changed WHERE old_state <> new_state
RETURNING job_id, to_state
