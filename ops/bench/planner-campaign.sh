#!/usr/bin/env bash
# Planning a campaign of one orbit PGE over years of Aura orbits (10 years: 53,183 jobs) with every
# input present: wall time of POST /campaigns (the jobs made, their inputs resolved, each one ready)
# as a ratio to a plain COPY of as many valid job rows into the same job table, taken just before
# and just after in the same run (their mean), then deleted. Each round plans the same range again
# after the previous round's jobs were deleted; every job is checked to have become ready with
# exactly one input.
# Set-up, not timed: one level-1B granule per orbit (OML1BRUG, orbit numbers and times on the
# planner's orbit clock: orbit 1132 at 2004-10-01T00:03:00Z, 98m53s) copied into the planner's
# granule table, and the PGE registered through the API.
# Usage: ops/bench/planner-campaign.sh [years] [rounds]
source "$(dirname "$0")/lib.sh"
years=${1:-10}
rounds=${2:-3}
bench_planner_up
work="$GRANARY_HOME/bench-campaign"
rm -rf "$work" && mkdir -p "$work"
from=2004-10-01T00:03:00Z
to=$(planner_sql "SELECT to_char((timestamptz '$from' + interval '$years years') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
# The orbits starting in [from, to), as the planner counts them.
orbits="generate_series(1132, 1132 + ceil(extract(epoch FROM timestamptz '$to' - timestamptz '$from') / 5933)::integer - 1)"
expected=$(planner_sql "SELECT count(*) FROM $orbits")

planner_sql "COPY (SELECT 10000000 + o, 'OML1BRUG', 3,
                   format('OMI-Aura_L1-OML1BRUG_%s-o%s_v003-2012m0405t174311.he4', to_char(s AT TIME ZONE 'UTC', 'YYYY\"m\"MMDD\"t\"HH24MI'), lpad(o::text, 5, '0')),
                   1, 'orbit:' || o, NULL, s, s + interval '5933 seconds', o, encode(sha256(o::text::bytea), 'hex'), 1048576, 'archived', NULL
              FROM (SELECT o, timestamptz '$from' + (o - 1132) * interval '5933 seconds' AS s FROM $orbits o) g) TO STDOUT" > "$work/granules.tsv"
psql "$PLANNER_PSQL" -v ON_ERROR_STOP=1 -qc "\\copy granule (id, esdt, collection, file_name, version, product_key, part, start_time, end_time, orbit, sha256, size_bytes, state, producing_job) FROM '$work/granules.tsv'"
planner_sql "VACUUM ANALYZE granule"
planner_post /pges '{"name": "OMTO3-campaign", "version": "1.0",
    "command": ["/bin/true", "{orbit}", "{outputDirectory}", "{inputs}"], "timeUnit": "orbit",
    "inputs": [{"esdt": "OML1BRUG", "selection": "overlap", "mandatory": true, "minimumCount": 1, "waitFor": "PT1H"}],
    "outputs": ["OMTO3"], "timeLimit": "PT5M", "maxAttempts": 1}' > /dev/null

# The reference's rows: the columns the campaign fills, with the values it leaves (ready), under a
# paused campaign of their own (so no worker claims them).
reference=$(planner_sql "INSERT INTO campaign (pge_name, pge_version, range_start, range_end, state, description, requested_by)
                         VALUES ('OMTO3-campaign', '1.0', '$from', '$to', 'paused', 'COPY reference', 'bench') RETURNING id" | head -1)
columns="pge_name, pge_version, unit_start, unit_end, orbit, state, reason, max_attempts, priority, requested_by, campaign_id"
planner_sql "COPY (SELECT 'OMTO3-campaign', '1.0', s, s + interval '5933 seconds', o, 'ready', 'inputs complete', 1, 0, 'bench', $reference
              FROM (SELECT o, timestamptz '$from' + (o - 1132) * interval '5933 seconds' AS s FROM $orbits o) g) TO STDOUT" > "$work/jobs.tsv"
copy_reference() {
    local start seconds
    start=$(now)
    psql "$PLANNER_PSQL" -v ON_ERROR_STOP=1 -qc "\\copy job ($columns) FROM '$work/jobs.tsv'"
    seconds=$(seconds_since "$start")
    [[ $(planner_sql "SELECT count(*) FROM job WHERE campaign_id = $reference") == "$expected" ]] || { echo "the COPY made no $expected jobs" >&2; exit 1; }
    planner_sql "DELETE FROM job WHERE campaign_id = $reference"
    planner_sql "VACUUM ANALYZE job"
    echo "$seconds"
}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ratios=()
for round in $(seq 1 "$rounds"); do
    copy_before=$(copy_reference)
    start=$(now)
    created=$(planner_post /campaigns "{\"pge\": \"OMTO3-campaign\", \"from\": \"$from\", \"to\": \"$to\", \"description\": \"bench round $round\"}")
    campaign_seconds=$(seconds_since "$start")
    campaign=$(echo "$created" | sed 's/^{"campaign":{"id":\([0-9]*\).*/\1/')
    # Its jobs are ready: the workers start claiming them (and fail to stage inputs that ingest does not hold); pausing stops that.
    planner_post "/campaigns/$campaign/pause" > /dev/null
    jobs=$(planner_sql "SELECT count(*) FROM job WHERE campaign_id = $campaign")
    # Ready with exactly one input: its one transition out of planned went to ready, and it holds one input, of its own orbit.
    good=$(planner_sql "SELECT count(*) FROM job j WHERE j.campaign_id = $campaign
                          AND (SELECT count(*) FROM job_input i JOIN granule g ON g.id = i.granule_id WHERE i.job_id = j.id AND g.orbit = j.orbit) = 1
                          AND (SELECT count(*) FROM job_input i WHERE i.job_id = j.id) = 1
                          AND (SELECT array_agg(t.to_state) FROM job_transition t WHERE t.job_id = j.id AND t.from_state = 'planned') = '{ready}'")
    claimed=$(planner_sql "SELECT count(*) FROM job WHERE campaign_id = $campaign AND state <> 'ready'")
    if [[ "$jobs" != "$expected" || "$good" != "$expected" ]]; then
        echo "round $round: $jobs jobs (expected $expected), $good ready with exactly their orbit's input; by state:" >&2
        planner_sql "SELECT state, count(*) FROM job WHERE campaign_id = $campaign GROUP BY state" >&2
        exit 1
    fi
    copy_after=$(copy_reference)
    copy_mean=$(echo "($copy_before + $copy_after) / 2" | bc -l)
    printf 'round %d: POST /campaigns %.2f s for %d jobs, each ready with its one input (%d claimed by a worker before the pause); COPY of as many job rows %.2f s before, %.2f s after; ratio %.1f\n' \
        "$round" "$campaign_seconds" "$jobs" "$claimed" "$copy_before" "$copy_after" "$(echo "$campaign_seconds / $copy_mean" | bc -l)"
    ratios+=("$(echo "scale=2; $campaign_seconds / $copy_mean" | bc -l)")
    # The next round starts from the same tables: this campaign's jobs cancelled, then deleted.
    planner_post "/campaigns/$campaign/cancel" > /dev/null
    until [[ $(planner_sql "SELECT count(*) FROM job WHERE campaign_id = $campaign AND state IN ('queued', 'running')") == 0 ]]; do sleep 0.5; done
    planner_sql "DELETE FROM job_transition WHERE job_id IN (SELECT id FROM job WHERE campaign_id = $campaign);
                 DELETE FROM job_input WHERE job_id IN (SELECT id FROM job WHERE campaign_id = $campaign);
                 DELETE FROM job WHERE campaign_id = $campaign"
    for table in job job_transition job_input; do planner_sql "VACUUM ANALYZE $table"; done
done
printf 'planner campaign of %d years (%d orbit jobs, inputs present): POST /campaigns over a COPY of as many job rows, median %s, rounds %s (target <= 5)\n' \
    "$years" "$expected" "$(printf '%s\n' "${ratios[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | sort -n | paste -sd' ')"
rm -rf "$work"
