-- A campaign's jobs, one per unit of its series, planned, with their creation recorded.
-- Parameters: pge name, pge version, max attempts, priority, requested by, campaign id,
-- first start, step, monthly, first orbit, count.
WITH created AS (
    INSERT INTO job (pge_name, pge_version, unit_start, unit_end, orbit, state, reason, max_attempts, priority, requested_by, campaign_id)
    SELECT CAST(? AS text), CAST(? AS text), s.unit_start, s.unit_end, s.orbit, 'planned', 'planned by its campaign', CAST(? AS integer),
           CAST(? AS integer), CAST(? AS text), CAST(? AS bigint)
    FROM (SELECT (CAST(? AS timestamp) + i * step) AT TIME ZONE 'UTC' AS unit_start,
                 (CAST(? AS timestamp) + (i + 1) * step) AT TIME ZONE 'UTC' AS unit_end,
                 CAST(? AS integer) + i AS orbit
          FROM (SELECT CASE WHEN CAST(? AS boolean) THEN interval '1 month' ELSE CAST(? AS interval) END AS step) p,
               generate_series(0, CAST(? AS integer) - 1) i) s
    ON CONFLICT DO NOTHING
    RETURNING id
)
INSERT INTO job_transition (job_id, from_state, to_state, reason)
SELECT id, NULL, 'planned', 'planned by its campaign' FROM created
