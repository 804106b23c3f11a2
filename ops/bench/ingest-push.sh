#!/usr/bin/env bash
# One large file pushed with curl to ingest-service, end to end (hashed, stored in the archive with
# R = 2 copies, catalogued), as a ratio to dd conv=fsync writing the same bytes R times (in
# parallel) to the same disk, in the same run; median over rounds. Each round pushes twice: with
# the SHA-256 declared (?sha256=, as a station that knows it sends it: passed straight to the
# archive nodes) and with no checksum (spooled, hashed, then sent to the nodes).
# Usage: ops/bench/ingest-push.sh [MiB] [rounds]
source "$(dirname "$0")/lib.sh"
size_mib=${1:-1024}
rounds=${2:-3}
bytes=$((size_mib * 1048576))
bench_platform_up
STATION=$(curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"role":"station","label":"bench station"}' "$GRANARY_INGEST_SERVICE_URL/admin/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
work="$GRANARY_HOME/bench-ingest"
rm -rf "$work" && mkdir -p "$work"
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

push_once() { # file name-and-query: prints the seconds taken
    local file=$1 name=$2
    local start status
    start=$(now)
    status=$(curl -s -o /dev/null -w '%{http_code}' -T "$file" -H "Authorization: Bearer $STATION" "$GRANARY_INGEST_SERVICE_URL/files/$name")
    [[ "$status" == 201 ]] || { echo "push of $name answered $status" >&2; exit 1; }
    seconds_since "$start"
}

declared_ratios=(); declared_rates=(); spooled_ratios=(); spooled_rates=()
for round in $(seq 1 "$rounds"); do
    file="$work/content"
    head -c "$bytes" /dev/urandom > "$file"
    sync; cat "$file" > /dev/null
    start=$(now)
    dd if="$file" of="$work/dd1.out" bs=1M conv=fsync status=none &
    dd if="$file" of="$work/dd2.out" bs=1M conv=fsync status=none &
    wait; dd2=$(seconds_since "$start")
    rm -f "$work"/dd*.out; sync
    sha256=$(sha256sum "$file" | cut -d' ' -f1)
    declared=$(push_once "$file" "OMI-Aura_L2-OMTO3_2004m1001t00$(printf '%02d' "$round")-o0$((2000 + round))_v003-2012m0405t174311.he5?sha256=$sha256")
    head -c "$bytes" /dev/urandom > "$file"
    sync; cat "$file" > /dev/null
    spooled=$(push_once "$file" "OMI-Aura_L2-OMTO3_2004m1001t01$(printf '%02d' "$round")-o0$((3000 + round))_v003-2012m0405t174311.he5")
    printf 'round %d: dd x2 %.2f s, push with SHA-256 declared %.2f s, push without %.2f s\n' "$round" "$dd2" "$declared" "$spooled"
    declared_ratios+=("$(ratio "$dd2" "$declared")"); declared_rates+=("$(mb_per_second $bytes "$declared")")
    spooled_ratios+=("$(ratio "$dd2" "$spooled")"); spooled_rates+=("$(mb_per_second $bytes "$spooled")")
done
printf 'ingest push of %d MiB with curl, R=2, SHA-256 declared: median %s MiB/s, median ratio to dd conv=fsync x2 %s (target >= 0.7)\n' \
    "$size_mib" "$(printf '%s\n' "${declared_rates[@]}" | median)" "$(printf '%s\n' "${declared_ratios[@]}" | median)"
printf 'ingest push of %d MiB with curl, R=2, no checksum declared (spooled): median %s MiB/s, median ratio %s\n' \
    "$size_mib" "$(printf '%s\n' "${spooled_rates[@]}" | median)" "$(printf '%s\n' "${spooled_ratios[@]}" | median)"
rm -rf "$work"
