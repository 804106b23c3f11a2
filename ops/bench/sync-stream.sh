#!/usr/bin/env bash
# metadata-sync's stream, legacy to catalogue: the highest rate of legacy changes (LegacyWriter's
# mix: 70 % inserts, 15 % reprocessing overwrites, 10 % QA updates, 5 % deletes, written by
# LegacyLoad.java from 4 connections: `ops/granary legacy write` tops out near 4,000/s) that it applies with a lag under 5 s, found by steps of rising
# rate; as a ratio to PostgreSQL's own logical replication carrying the same changes in the same run
# (a copy of the legacy tables in granary_bench_publisher, published, and a subscription from
# granary_bench_subscriber on the same server into same-shaped tables, its slot made by hand).
# Then a burst of 10,000 changes/s for 60 s: the rate written, the peak lag and the time to drain.
#
# Lag is measured the same way for both: for each file inserted in a step, the time from its legacy
# transaction (insert_time) to its row on the other side (the catalogue's granule.ingested_at, the
# subscriber's applied_at column, a clock_timestamp() default), both on this server's clock; a file
# still missing when measured counts with the time it has waited. A step passes when the greatest
# lag of its files is under 5 s, measured 5.5 s after its last write. Each step starts from a
# drained stream; the rate doubles from step to step, and once a step fails the rate halfway
# between it and the last one passed is tried; a step the writer could not keep (under 95 % of its
# rate) ends the ramp.
# Usage: ops/bench/sync-stream.sh [first rate] [seconds per step]
source "$(dirname "$0")/lib.sh"
first_rate=${1:-500}
step_seconds=${2:-30}
burst_rate=${BENCH_BURST_RATE:-10000}
burst_seconds=${BENCH_BURST_SECONDS:-60}
drain_limit=${BENCH_DRAIN_LIMIT:-600}
connections=${BENCH_CONNECTIONS:-4}
export GRANARY_SKIP_BUILD=1
bench_platform_up
work="$GRANARY_HOME/bench-sync-stream"
rm -rf "$work" && mkdir -p "$work"
unzip -p "$root/ops/target/granary-ops.jar" 'BOOT-INF/lib/postgresql-*.jar' > "$work/postgresql.jar"

database_psql() { echo "${GRANARY_PSQL/dbname=postgres/dbname=$1}"; }
sql() { psql "$(database_psql "$1")" -v ON_ERROR_STOP=1 -qtAc "$2"; }
jdbc_url() { echo "${GRANARY_POSTGRES_URL/\/postgres?/\/$1?}"; }

# The reference: the legacy tables again (patch 0001), published; the subscriber's copy has an
# applied_at column more, which the apply worker fills (a column the publisher lacks takes its default).
patch=$root/metadata-sync/src/main/resources/db/legacy/patches/legacy/0001-create-file-inventory.sql
for database in granary_bench_publisher granary_bench_subscriber; do
    sql postgres "CREATE DATABASE $database"
    psql "$(database_psql $database)" -v ON_ERROR_STOP=1 -q -f "$patch"
done
sql granary_bench_subscriber "ALTER TABLE file_inventory ADD COLUMN applied_at timestamptz DEFAULT clock_timestamp()"
sql granary_bench_publisher "CREATE PUBLICATION bench_reference FOR TABLE file_inventory, file_qa, file_lineage"
# On one server CREATE SUBSCRIPTION cannot make its own slot (it would wait for itself): made here.
sql granary_bench_publisher "SELECT pg_create_logical_replication_slot('bench_reference', 'pgoutput')" > /dev/null
sql granary_bench_subscriber "CREATE SUBSCRIPTION bench_reference
    CONNECTION '$(database_psql granary_bench_publisher)' PUBLICATION bench_reference
    WITH (create_slot = false, slot_name = 'bench_reference', copy_data = false)"

# One system's legacy side and arrival query. metadata-sync: granary_legacy into the catalogue.
legacy_database() { [[ $1 == sync ]] && echo granary_legacy || echo granary_bench_publisher; }
arrivals() { # system since-epoch: file name and epoch of arrival of the files that arrived since
    if [[ $1 == sync ]]; then
        sql granary_ingest "COPY (SELECT file_name, extract(epoch FROM min(ingested_at)) FROM granule
                                  WHERE source = 'legacy-sync' AND ingested_at >= to_timestamp($2) GROUP BY file_name) TO STDOUT"
    else
        sql granary_bench_subscriber "COPY (SELECT file_name, extract(epoch FROM applied_at) FROM file_inventory
                                            WHERE applied_at >= to_timestamp($2)) TO STDOUT"
    fi
}
inserted_since() { # system since-epoch: file name and epoch of the legacy transaction of the files inserted since
    sql "$(legacy_database "$1")" "COPY (SELECT file_name, extract(epoch FROM insert_time AT TIME ZONE 'UTC') FROM file_inventory
                                       WHERE insert_time >= to_timestamp($2) AT TIME ZONE 'UTC') TO STDOUT"
}

# Lags of the files inserted since: "files missing p50 p99 max" (seconds; a missing file counts as waiting until now).
lags() { # system since-epoch
    local measured
    inserted_since "$1" "$2" > "$work/inserted.tsv"
    arrivals "$1" "$(echo "$2 - 1" | bc)" > "$work/arrived.tsv"
    measured=$(date +%s.%N)
    awk -F'\t' -v now="$measured" 'NR == FNR {arrived[$1] = $2; next}
        {lag = ($1 in arrived) ? arrived[$1] - $2 : now - $2; if (!($1 in arrived)) missing++; print lag}
        END {print "missing", missing + 0 > "/dev/stderr"}' "$work/arrived.tsv" "$work/inserted.tsv" 2> "$work/missing.txt" \
        | sort -n > "$work/lags.txt"
    awk -v missing="$(awk '{print $2}' "$work/missing.txt")" '{v[NR] = $1} END {
        if (NR == 0) {print 0, 0, 0, 0, 0; exit}
        p50 = v[int(NR * 0.5) > 0 ? int(NR * 0.5) : 1]; p99 = v[int(NR * 0.99) > 0 ? int(NR * 0.99) : 1]
        printf "%d %d %.2f %.2f %.2f\n", NR, missing, p50, p99, v[NR]}' "$work/lags.txt"
}

# Waits until the newest file inserted on the legacy side has arrived; prints the seconds it took, or fails after the limit.
drain() { # system limit-seconds
    local newest start
    newest=$(sql "$(legacy_database "$1")" "SELECT file_name FROM file_inventory ORDER BY insert_time DESC, file_name DESC LIMIT 1")
    start=$(now)
    until arrived "$1" "$newest"; do
        if (( $(echo "$(seconds_since "$start") > $2" | bc) )); then
            return 1
        fi
        sleep 0.2
    done
    seconds_since "$start"
}
arrived() { # system file-name
    if [[ $1 == sync ]]; then
        [[ $(sql granary_ingest "SELECT count(*) FROM granule WHERE file_name = '$2'") != 0 ]]
    else
        [[ $(sql granary_bench_subscriber "SELECT count(*) FROM file_inventory WHERE file_name = '$2'") != 0 ]]
    fi
}

# Writes at a rate for some seconds into one system's legacy side; prints the rate achieved (changes/s).
write() { # system rate seconds
    "$(java21)" -cp "$work/postgresql.jar" "$root/ops/bench/LegacyLoad.java" "$(jdbc_url "$(legacy_database "$1")")" "$2" "$3" "$connections" \
        > "$work/writer.log" 2>&1 \
        || { cat "$work/writer.log" >&2; return 1; }
    grep 'legacy write: done in' "$work/writer.log" | sed 's/.*(\([0-9]*\) changes\/s).*/\1/'
}

# The rate steps of one system; prints its highest rate with a lag under 5 s ("0" for none).
ramp() { # system
    local rate=$first_rate best=0 passed=0 failed=0 start achieved figures max
    while (( failed == 0 || (rate > passed && rate < failed) )); do
        start=$(date +%s.%N)
        achieved=$(write "$1" "$rate" "$step_seconds")
        sleep 5.5
        figures=$(lags "$1" "$start")
        max=$(echo "$figures" | awk '{print $5}')
        read -r files missing p50 p99 _ <<< "$figures"
        printf '  %-13s %6d changes/s asked, %6d written: %7d files inserted, lag p50 %6.2f s, p99 %6.2f s, max %6.2f s, %d missing after 5.5 s\n' \
            "$1" "$rate" "$achieved" "$files" "$p50" "$p99" "$max" "$missing" >&2
        drain "$1" "$drain_limit" > /dev/null || { echo "  $1: not drained after $drain_limit s" >&2; break; }
        if (( $(echo "$max >= 5" | bc) )); then
            (( failed > 0 )) && break
            failed=$rate
            rate=$(( (passed + failed) / 2 ))
            continue
        fi
        best=$achieved
        passed=$rate
        if (( achieved * 100 < rate * 95 )); then
            echo "  $1: the writer wrote $achieved of $rate changes/s: the generator's limit, not the stream's" >&2
            best="$achieved+"
            break
        fi
        (( failed > 0 )) && break
        rate=$(( rate * 2 ))
    done
    echo "$best"
}

# Both legacy sides start with files to overwrite, assess and delete (the writer draws them from
# the table): a first minute at a low rate, not measured.
for system in sync reference; do
    write "$system" 200 30 > /dev/null
    drain "$system" 120 > /dev/null
done
echo "steps of $step_seconds s from $connections connections, the rate doubled until the greatest lag reaches 5 s:" >&2
sync_rate=$(ramp sync)
reference_rate=$(ramp reference)
printf 'sustained with lag under 5 s: metadata-sync %s changes/s, logical replication %s changes/s; ratio %s (target >= 0.5)\n' \
    "$sync_rate" "$reference_rate" "$(ratio "${sync_rate%+}" "${reference_rate%+}")"
# A reference faster than the writer ("+") is measured by catching up: changes written as fast as the
# writer can while the subscription is disabled, then applied once it is enabled again; its rate is
# what the reference can apply, so the ratio to it is the one that holds.
if [[ $reference_rate == *+ ]]; then
    sql granary_bench_subscriber "ALTER SUBSCRIPTION bench_reference DISABLE"
    write reference "$burst_rate" "$step_seconds" > /dev/null
    backlog=$(sed -n 's/.*: \([0-9]*\) changes by .*/\1/p' "$work/writer.log")
    start=$(now)
    sql granary_bench_subscriber "ALTER SUBSCRIPTION bench_reference ENABLE"
    if drained=$(drain reference "$drain_limit"); then
        printf 'logical replication catching up: %d changes applied in %.1f s once enabled, %.0f changes/s; metadata-sync over that: %s\n' \
            "$backlog" "$drained" "$(echo "$backlog / $drained" | bc -l)" "$(ratio "${sync_rate%+}" "$(echo "$backlog / $drained" | bc -l)")"
    else
        echo "logical replication catching up: $backlog changes not applied within $drain_limit s" >&2
    fi
fi

# The burst: the peak lag is that of the last file written, measured once drained.
start=$(date +%s.%N)
achieved=$(write sync "$burst_rate" "$burst_seconds")
if drained=$(drain sync "$drain_limit"); then
    read -r files missing p50 p99 max <<< "$(lags sync "$start")"
    printf 'burst of %d changes/s for %d s: %d changes/s written (%d files inserted); peak lag %.1f s (p50 %.1f s); drained %.1f s after the burst ended\n' \
        "$burst_rate" "$burst_seconds" "$achieved" "$files" "$max" "$p50" "$drained"
else
    printf 'burst of %d changes/s for %d s: %d changes/s written; not drained %d s after the burst ended\n' \
        "$burst_rate" "$burst_seconds" "$achieved" "$drain_limit"
fi
rm -rf "$work"
