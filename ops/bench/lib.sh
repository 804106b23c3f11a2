# Shared by the benchmarks: a platform of their own (own GRANARY_HOME and ports), timers.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# A JDK >= 21 for the Java load generators, found as ops/granary finds one.
java21() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
        if [[ -n "$candidate" && -x "$candidate/bin/java" ]] \
                && (( $("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1) >= 21 )); then
            echo "$candidate/bin/java"
            return 0
        fi
    done
    echo "no JDK 21 or newer found" >&2
    return 1
}

bench_platform_up() {
    export GRANARY_HOME=${GRANARY_BENCH_HOME:-$root/var/bench}
    export GRANARY_DB_PORT=25432 GRANARY_DB_STANDBY_PORT=25433 GRANARY_INGEST_SERVICE_PORT=28080 GRANARY_PLANNER_PORT=28081 GRANARY_METADATA_SYNC_PORT=28082
    export GRANARY_DB_MONITOR_PORT=28083 GRANARY_ARCHIVE_1_PORT=28090 GRANARY_ARCHIVE_2_PORT=28091
    # Each run starts empty: figures from objects an earlier run left would be wrong.
    "$root/ops/granary" down >/dev/null 2>&1 || true
    rm -rf "$GRANARY_HOME"
    "$root/ops/granary" up -d >/dev/null
    eval "$("$root/ops/granary" env)"
    TOKEN=$(cat "$GRANARY_ADMIN_TOKEN_FILE")
    trap bench_platform_down EXIT
}

# The planner's database, for the planner's benchmarks.
bench_planner_up() {
    bench_platform_up
    PLANNER_PSQL=${GRANARY_PSQL/dbname=postgres/dbname=granary_planner}
}

planner_sql() { psql "$PLANNER_PSQL" -v ON_ERROR_STOP=1 -qtAc "$1"; }

# POST a JSON body to the planner with the admin token; prints the response, fails on an error status.
planner_post() { # path json
    curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "${2:-}" "$GRANARY_PLANNER_URL$1"
}

bench_platform_down() {
    "$root/ops/granary" down >/dev/null || true
}

now() { date +%s.%N; }
seconds_since() { echo "$(now) - $1" | bc -l; }
ratio() { echo "scale=2; $1 / $2" | bc -l; }
mb_per_second() { echo "scale=0; $1 / 1048576 / $2" | bc -l; }

drop_caches() {
    sync
    if [[ -w /proc/sys/vm/drop_caches ]]; then echo 3 > /proc/sys/vm/drop_caches; fi
}

put_object() { # node-url file checksum
    curl -sf -o /dev/null -T "$2" -H "Authorization: Bearer $TOKEN" "$1/objects/$3"
}
