#!/usr/bin/env bash
# 8 concurrent stations pushing 64 KiB granules for one minute: granules per second, every one
# durable (R = 2 archive copies) and catalogued; the catalogue count is checked after the run.
# The minute is measured after a warm-up (default 240 s, reported too): four freshly started JVMs
# on two cores compile for minutes (C2 still took a tenth of the machine at 2.5 min of load, a
# hundredth at 4), which is not what a service running for days does.
# Usage: ops/bench/ingest-stations.sh [stations] [seconds] [KiB] [warm-up seconds]
source "$(dirname "$0")/lib.sh"
stations=${1:-8}
seconds=${2:-60}
kib=${3:-64}
warmup=${4:-240}
bench_platform_up
STATION=$(curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"role":"station","label":"bench station"}' "$GRANARY_INGEST_SERVICE_URL/admin/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
result=$("$(java21)" "$(dirname "$0")/IngestLoad.java" "$GRANARY_INGEST_SERVICE_URL" "$STATION" "$stations" "$seconds" "$kib" "$warmup" "$GRANARY_HOME")
pushed=$(echo "$result" | sed 's/.*pushed=\([0-9]*\).*/\1/')
rate=$(echo "$result" | sed 's/.*rate=\([0-9]*\).*/\1/')
failed=$(echo "$result" | sed 's/.*failed=\([0-9]*\).*/\1/')
warmup_rate=$(echo "$result" | sed 's/.*warmup_rate=\([0-9]*\).*/\1/')
reference=$(echo "$result" | sed 's/.*cpu_reference=\([0-9/]*\).*/\1/')
wakeup=$(echo "$result" | sed 's/.*wakeup_us=\([0-9]*\).*/\1/')
steal=$(echo "$result" | sed 's/.*steal=\([0-9.NaN]*\).*/\1/')
idle=$(echo "$result" | sed 's/.*idle=\([0-9.NaN]*\).*/\1/')
cpu_ms=$(echo "$result" | sed 's/.*cpu_ms=\([0-9.NaN]*\).*/\1/')
folders=$(echo "$result" | sed 's/.*folders_per_1000=\([0-9]*\).*/\1/')
syscall=$(echo "$result" | sed 's/.*syscall_ns=\([0-9NaN]*\).*/\1/')
storage=$(echo "$result" | sed 's/.*storage_us=\([0-9NaN]*\).*/\1/')
storage_range=$(echo "$result" | sed 's/.*storage_range=\([0-9NaN/]*\).*/\1/')
by_process=$(echo "$result" | sed 's/.*by_process=\([^ ]*\).*/\1/')
# The same-run ratio: granules per small durable write time (each granule needs two such writes, one on each node,
# and a commit); a host with slow fsyncs lowers the rate and this reference together.
durable_ratio=$(if [[ "$storage" =~ ^[0-9]+$ ]]; then echo "scale=3; $rate * $storage / 1000000" | bc -l; else echo NaN; fi)
catalogued=$(psql "${GRANARY_PSQL/dbname=postgres/dbname=granary_ingest}" -tAc "SELECT count(*) FROM granule WHERE source = 'bench station'")
printf 'ingest: %d stations pushing %d KiB granules for %d s after a %d s warm-up: %s granules/s, %s granules per small durable write (%s/s during the warm-up; %s pushed in all, %s failed, %s catalogued; target 500/s; CPU reference before/after %s MB/s of MD5 on one core; thread wake-up round trip %s µs; system call %s ns; small durable write %s µs (median before/after %s); while measured: steal %s %% of the machine, idle %s %%, %s ms of machine CPU per granule, %s object folders made per 1000 granules; by process, ms per granule: %s)\n' \
    "$stations" "$kib" "$seconds" "$warmup" "$rate" "$durable_ratio" "$warmup_rate" "$pushed" "$failed" "$catalogued" "$reference" "$wakeup" "$syscall" "$storage" "$storage_range" "$steal" "$idle" "$cpu_ms" "$folders" "${by_process:-n/a}"
