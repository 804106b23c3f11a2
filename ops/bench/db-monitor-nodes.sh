#!/usr/bin/env bash
# db-monitor polling many nodes at once: the platform's primary and its streaming standby, each
# presented as many nodes, one per database (nodes/2 databases made on the primary, each with the
# heartbeat table, replicated to the standby; nodes/2 clusters of a primary and a standby), polled
# every interval for the given time. Prints db-monitor's CPU share (its process's CPU time over
# the wall time, of one core and of the machine), its CPU per node poll, and the spread of poll
# times (each poll's duration as db-monitor recorded it: minimum, median, 95th percentile, maximum)
# with how many polls ended in a failure. Each node here polls all of its server's databases'
# sizes, so the servers work nodes/2 times more than ten real servers would; the monitor's own
# work per node is what a real node costs it.
# Usage: ops/bench/db-monitor-nodes.sh [nodes] [seconds] [interval seconds]
source "$(dirname "$0")/lib.sh"
nodes=${1:-100}
seconds=${2:-120}
interval=${3:-10}
(( nodes % 2 == 0 )) || { echo "nodes is even: a primary and a standby per cluster" >&2; exit 1; }
export GRANARY_DB_MONITOR_POLL_INTERVAL=${interval}s
bench_platform_up
clusters="$GRANARY_HOME/services/db-monitor/clusters.json"
monitor_db="${GRANARY_PSQL/dbname=postgres/dbname=granary_db_monitor}"
ticks=$(getconf CLK_TCK)
pairs=$((nodes / 2))

for n in $(seq 1 "$pairs"); do
    psql "$GRANARY_PSQL" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE bench_node_$n"
    psql "${GRANARY_PSQL/dbname=postgres/dbname=bench_node_$n}" -v ON_ERROR_STOP=1 \
        -qc "CREATE TABLE granary_heartbeat (source text PRIMARY KEY, written_at timestamptz NOT NULL)"
done
{
    echo '{"clusters": ['
    for n in $(seq 1 "$pairs"); do
        printf '%s{"name": "bench-%d", "stage": "operations", "nodes": [' "$([[ $n == 1 ]] || echo ,)" "$n"
        printf '{"name": "p%d", "host": "127.0.0.1", "port": %d, "database": "bench_node_%d", "user": "postgres", "role": "primary"},' "$n" "$GRANARY_DB_PORT" "$n"
        printf '{"name": "s%d", "host": "127.0.0.1", "port": %d, "database": "bench_node_%d", "user": "postgres", "role": "standby"}]}\n' "$n" "$GRANARY_DB_STANDBY_PORT" "$n"
    done
    echo ']}'
} > "$clusters.new" && mv "$clusters.new" "$clusters"
echo "warm-up: $((3 * interval)) s" >&2
sleep $((3 * interval))

monitor_pid=$(cat "$GRANARY_HOME/run/db-monitor.pid")
cpu() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$monitor_pid/stat"; }
from=$(psql "$monitor_db" -qtAc "SELECT now()")
start=$(now); cpu0=$(cpu)
sleep "$seconds"
cpu1=$(cpu); wall=$(seconds_since "$start")
to=$(psql "$monitor_db" -qtAc "SELECT now()")
read -r polls failed minimum median p95 maximum <<< "$(psql "$monitor_db" -qtA -F ' ' -c "
    SELECT count(*), count(*) FILTER (WHERE u.value = 0),
           round(min(p.value)::numeric * 1000, 1), round((percentile_cont(0.5) WITHIN GROUP (ORDER BY p.value))::numeric * 1000, 1),
           round((percentile_cont(0.95) WITHIN GROUP (ORDER BY p.value))::numeric * 1000, 1), round(max(p.value)::numeric * 1000, 1)
    FROM sample p JOIN sample u ON u.cluster = p.cluster AND u.node = p.node AND u.at = p.at AND u.metric = 'up'
    WHERE p.metric = 'poll_seconds' AND p.cluster LIKE 'bench-%' AND p.at >= '$from' AND p.at < '$to'")"
cores=$(nproc)
awk -v c=$((cpu1 - cpu0)) -v t="$ticks" -v w="$wall" -v cores="$cores" -v polls="$polls" -v nodes="$nodes" -v interval="$interval" \
    -v failed="$failed" -v min="$minimum" -v med="$median" -v p95="$p95" -v max="$maximum" 'BEGIN {
    cpu = c / t
    printf "db-monitor, %d nodes every %d s for %.0f s: %d polls (%d failed); CPU %.2f s: %.1f %% of one core, %.1f %% of the machine (%d cores), %.2f ms per node poll; poll time min %s ms, median %s, p95 %s, max %s\n",
        nodes, interval, w, polls, failed, cpu, 100 * cpu / w, 100 * cpu / w / cores, cores, 1000 * cpu / polls, min, med, p95, max }'
