#!/usr/bin/env bash
# One large file pushed with curl to ingest-service, end to end (spooled and hashed, stored in the
# archive with R = 2 copies, catalogued), as a ratio to dd conv=fsync writing the same bytes R
# times (in parallel) to the same disk, in the same run; median over rounds.
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

ratios=(); rates=()
for round in $(seq 1 "$rounds"); do
    name="OMI-Aura_L2-OMTO3_2004m1001t00$(printf '%02d' "$round")-o0$((2000 + round))_v003-2012m0405t174311.he5"
    head -c "$bytes" /dev/urandom > "$work/$name"
    sync; cat "$work/$name" > /dev/null
    start=$(now)
    dd if="$work/$name" of="$work/dd1.out" bs=1M conv=fsync status=none &
    dd if="$work/$name" of="$work/dd2.out" bs=1M conv=fsync status=none &
    wait; dd2=$(seconds_since "$start")
    rm -f "$work"/dd*.out; sync; cat "$work/$name" > /dev/null
    start=$(now)
    status=$(curl -s -o /dev/null -w '%{http_code}' -T "$work/$name" -H "Authorization: Bearer $STATION" "$GRANARY_INGEST_SERVICE_URL/files/$name")
    push=$(seconds_since "$start")
    [[ "$status" == 201 ]] || { echo "push answered $status"; exit 1; }
    printf 'round %d: push %.2f s, dd x2 %.2f s\n' "$round" "$push" "$dd2"
    ratios+=("$(ratio "$dd2" "$push")"); rates+=("$(mb_per_second $bytes "$push")")
    rm -f "$work/$name"
done
printf 'ingest push of %d MiB with curl, R=2: median %s MiB/s, median ratio to dd conv=fsync x2 %s (target >= 0.7)\n' \
    "$size_mib" "$(printf '%s\n' "${rates[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | median)"
rm -rf "$work"
