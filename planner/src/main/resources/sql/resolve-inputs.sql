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
r AS (
    SELECT j.id AS job_id, j.unit_start, j.unit_end, j.orbit, i.position, i.esdt, i.collection, i.selection, i.window_before,
           i.window_after, i.mandatory, i.minimum_count, i.wait
    FROM j JOIN pge_input i ON i.pge_name = j.pge_name AND i.pge_version = j.pge_version
),
m AS (
    SELECT r.job_id, r.position, g.id AS granule_id, g.esdt
    FROM r CROSS JOIN LATERAL (
        -- an orbit job's input that carries orbits: the granules of its orbit
        SELECT g.id, g.esdt FROM granule g
        WHERE r.selection = 'overlap' AND r.orbit IS NOT NULL AND g.esdt = r.esdt AND g.orbit = r.orbit AND g.state = 'archived'
          AND (r.collection IS NULL OR g.collection = r.collection)
        UNION ALL
        -- otherwise: overlap of the granule's time with the unit, widened by the window
        SELECT g.id, g.esdt FROM granule g
        WHERE r.selection IN ('overlap', 'window') AND g.esdt = r.esdt AND g.state = 'archived'
          AND tstzrange(g.start_time, g.end_time, '[]') && tstzrange(r.unit_start - r.window_before, r.unit_end + r.window_after, '[)')
          AND (r.selection = 'window' OR r.orbit IS NULL OR g.orbit IS NULL)
          AND (r.collection IS NULL OR g.collection = r.collection)
        UNION ALL
        (SELECT g.id, g.esdt FROM granule g
         WHERE r.selection = 'latest-before' AND g.esdt = r.esdt AND g.state = 'archived' AND g.start_time <= r.unit_start
           AND (r.window_before = interval '0' OR g.start_time >= r.unit_start - r.window_before)
           AND (r.collection IS NULL OR g.collection = r.collection)
         ORDER BY g.start_time DESC, g.id DESC LIMIT 1)
        UNION ALL
        (SELECT c.id, c.esdt FROM (
            (SELECT g.id, g.esdt, g.start_time FROM granule g
             WHERE r.selection = 'closest' AND g.esdt = r.esdt AND g.state = 'archived' AND g.start_time <= r.unit_start
               AND (r.window_before = interval '0' OR g.start_time >= r.unit_start - r.window_before)
               AND (r.collection IS NULL OR g.collection = r.collection)
             ORDER BY g.start_time DESC LIMIT 1)
            UNION ALL
            (SELECT g.id, g.esdt, g.start_time FROM granule g
             WHERE r.selection = 'closest' AND g.esdt = r.esdt AND g.state = 'archived' AND g.start_time > r.unit_start
               AND (r.window_after = interval '0' OR g.start_time <= r.unit_start + r.window_after)
               AND (r.collection IS NULL OR g.collection = r.collection)
             ORDER BY g.start_time LIMIT 1)) c
         ORDER BY abs(extract(epoch FROM c.start_time - r.unit_start)), c.id LIMIT 1)
    ) g
),
c AS (
    SELECT r.job_id, r.position, r.esdt, r.mandatory, greatest(r.minimum_count, 1) AS needed, r.wait,
           (SELECT count(*) FROM m WHERE m.job_id = r.job_id AND m.position = r.position) AS found
    FROM r
),
u AS (
    -- a job of a remaking campaign waits for the jobs making its inputs
    SELECT d.job_id, bool_or(up.state IN ('failed', 'cancelled')) AS upstream_failed, string_agg(up.id::text, ', ' ORDER BY up.id) AS upstream
    FROM job_dependency d JOIN j ON j.id = d.job_id JOIN job up ON up.id = d.upstream_job_id
    WHERE up.state <> 'succeeded'
    GROUP BY d.job_id
),
v AS (
    SELECT j.id, j.state AS old_state, j.reason AS old_reason, j.unit_end,
           bool_and(c.found >= c.needed OR NOT c.mandatory) AS mandatory_met,
           bool_and(c.found >= c.needed OR c.mandatory) AS optional_met,
           coalesce(j.deadline, greatest(j.unit_end, j.created_at) + max(c.wait)) AS deadline,
           string_agg(CASE WHEN c.found < c.needed AND c.mandatory THEN format('%s (%s of %s)', c.esdt, c.found, c.needed) END, ', '
                      ORDER BY c.position) AS missing_mandatory,
           string_agg(CASE WHEN c.found < c.needed AND NOT c.mandatory THEN format('%s (%s of %s)', c.esdt, c.found, c.needed) END, ', '
                      ORDER BY c.position) AS missing_optional,
           bool_or(u.upstream_failed) AS upstream_failed, max(u.upstream) AS upstream
    FROM j JOIN c ON c.job_id = j.id LEFT JOIN u ON u.job_id = j.id
    GROUP BY j.id, j.state, j.reason, j.deadline, j.unit_end, j.created_at
),
d AS (
    SELECT v.id, v.old_state, v.deadline,
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
    FROM v
),
inputs AS (
    INSERT INTO job_input (job_id, granule_id, esdt)
    SELECT m.job_id, m.granule_id, m.esdt FROM m JOIN d ON d.id = m.job_id WHERE d.new_state = 'ready'
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
