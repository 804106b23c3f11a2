#!/usr/bin/env bash
# The cost of polling one node: db-monitor against prometheus-postgres-exporter (Debian's package)
# on the same node in the same run, each alone in turn, both once a second for the same time.
# The node is the platform's streaming standby (no service connects to it, so every client backend
# there is the poller's). For each: CPU of the server's backends serving it (their /proc times,
# and the postmaster's reaped children for any that ended), transactions the server counted (one
# per statement sent, pg_stat_database), and CPU of the poller's own process, per poll or scrape.
# db-monitor's figures include everything it does with a poll (its heartbeat read, storing the
# samples in its own database, the status); the exporter's, serving one scrape.
# Target: db-monitor's server-side cost at most half the exporter's.
# Usage: ops/bench/db-monitor-poll.sh [seconds per round] [rounds]
source "$(dirname "$0")/lib.sh"
seconds=${1:-60}
rounds=${2:-3}
command -v prometheus-postgres-exporter > /dev/null \
    || { echo "no prometheus-postgres-exporter: apt-get install prometheus-postgres-exporter" >&2; exit 1; }
export GRANARY_DB_MONITOR_POLL_INTERVAL=1s GRANARY_DB_MONITOR_POLL_TIMEOUT=1s
bench_platform_up
exporter_port=29187
primary="$GRANARY_PSQL"
standby="${GRANARY_PSQL/port=$GRANARY_DB_PORT/port=$GRANARY_DB_STANDBY_PORT}"
clusters="$GRANARY_HOME/services/db-monitor/clusters.json"
ticks=$(getconf CLK_TCK)

# Two monitoring roles with pg_monitor only, made on the primary and replicated.
psql "$primary" -v ON_ERROR_STOP=1 -qc "CREATE ROLE bench_monitor LOGIN IN ROLE pg_monitor" \
    -c "CREATE ROLE bench_exporter LOGIN IN ROLE pg_monitor" -c "GRANT SELECT ON granary_heartbeat TO bench_monitor"
until [[ $(psql "$standby" -qtAc "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'bench_%'") == 2 ]]; do sleep 0.2; done

watch_standby() { # on|off: db-monitor polls the standby alone, or nothing
    local list='[]'
    [[ $1 == on ]] && list='[{"name": "target", "stage": "operations", "nodes": [{"name": "target-1", "host": "127.0.0.1",
        "port": '"$GRANARY_DB_STANDBY_PORT"', "user": "bench_monitor", "role": "standby"}]}]'
    # a standby alone has no primary: the file's rule wants one, so the standby is named the primary; it is polled the same
    [[ $1 == on ]] && list=${list/\"role\": \"standby\"/\"role\": \"primary\"}
    echo "{\"clusters\": $list}" > "$clusters.new" && mv "$clusters.new" "$clusters"
    sleep 3
}

# CPU ticks of the standby's client backends of one role, plus the postmaster's reaped children.
server_ticks() { # role
    local postmaster pids
    postmaster=$(head -1 "$GRANARY_HOME/postgres/standby/data/postmaster.pid")
    pids=$(psql "$standby" -qtAc "SELECT pid FROM pg_stat_activity WHERE usename = '$1'")
    { awk '{ sub(/.*\) /, ""); print $14 + $15 }' "/proc/$postmaster/stat"
      for pid in $pids; do awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null; done; } | awk '{ s += $1 } END { print s }'
}
process_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
transactions() { psql "$standby" -qtAc "SELECT sum(xact_commit + xact_rollback) FROM pg_stat_database"; }
monitor_pid=$(cat "$GRANARY_HOME/run/db-monitor.pid")

measure() { # name role client-pid count-command: prints "polls server-ms-per-poll transactions-per-poll client-ms-per-poll"
    local name=$1 role=$2 pid=$3 server0 client0 xacts0 polls0 server1 client1 xacts1 polls1
    server0=$(server_ticks "$role"); client0=$(process_ticks "$pid"); xacts0=$(transactions); polls0=$($4)
    sleep "$seconds"
    server1=$(server_ticks "$role"); client1=$(process_ticks "$pid"); xacts1=$(transactions); polls1=$($4)
    local polls=$((polls1 - polls0))
    # the count read first and the pids read last are transactions of their own, between the two counts
    awk -v n="$polls" -v s=$((server1 - server0)) -v c=$((client1 - client0)) -v x=$((xacts1 - xacts0 - 2)) -v t="$ticks" -v name="$name" \
        'BEGIN { printf "%s %d %.3f %.2f %.3f\n", name, n, 1000 * s / t / n, x / n, 1000 * c / t / n }'
}

monitor_polls() { psql "${GRANARY_PSQL/dbname=postgres/dbname=granary_db_monitor}" -qtAc "SELECT count(*) FROM sample WHERE cluster = 'target' AND metric = 'up'"; }
scrapes=0
exporter_scrapes() { cat "$GRANARY_HOME/bench-scrapes"; }

DATA_SOURCE_NAME="host=127.0.0.1 port=$GRANARY_DB_STANDBY_PORT user=bench_exporter dbname=postgres sslmode=disable" \
    prometheus-postgres-exporter --web.listen-address=127.0.0.1:$exporter_port > "$GRANARY_HOME/exporter.log" 2>&1 &
exporter_pid=$!
trap 'kill $exporter_pid 2>/dev/null; bench_platform_down' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$exporter_port/metrics"; do sleep 0.2; done

scrape_loop() { # seconds
    local end=$(( $(date +%s) + $1 )) count=0
    echo 0 > "$GRANARY_HOME/bench-scrapes"
    while (( $(date +%s) < end )); do
        curl -sf -o /dev/null "http://127.0.0.1:$exporter_port/metrics" && count=$((count + 1)) && echo "$count" > "$GRANARY_HOME/bench-scrapes"
        sleep 1
    done
}

echo "warm-up: each polls 30 s" >&2
watch_standby on; sleep 30; watch_standby off
scrape_loop 30
metrics=$(curl -sf "http://127.0.0.1:$exporter_port/metrics" | grep -vc '^#')
ratios=()
for round in $(seq 1 "$rounds"); do
    watch_standby on
    read -r _ mpolls mserver mxacts mclient <<< "$(measure db-monitor bench_monitor "$monitor_pid" monitor_polls)"
    watch_standby off
    scrape_loop $((seconds + 5)) &
    loop=$!
    sleep 2
    read -r _ epolls eserver exacts eclient <<< "$(measure exporter bench_exporter "$exporter_pid" exporter_scrapes)"
    wait $loop
    ratio=$(echo "scale=3; $mserver / $eserver" | bc -l)
    ratios+=("$ratio")
    printf 'round %d: db-monitor %d polls: server %s ms CPU and %s transactions per poll, monitor process %s ms; exporter %d scrapes (%d series): server %s ms and %s transactions per scrape, exporter process %s ms; server-side ratio %s\n' \
        "$round" "$mpolls" "$mserver" "$mxacts" "$mclient" "$epolls" "$metrics" "$eserver" "$exacts" "$eclient" "$ratio"
done
printf 'db-monitor poll of one node against prometheus-postgres-exporter, server-side CPU: ratio rounds %s (target <= 0.5)\n' "$(printf '%s\n' "${ratios[@]}" | sort -n | paste -sd' ')"
