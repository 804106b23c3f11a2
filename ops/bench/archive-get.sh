#!/usr/bin/env bash
# Whole-object GET throughput with verify on read (each MiB's CRC32C checked before it is sent,
# the whole SHA-256 before the last block), as a ratio to `cat` of the same file to /dev/null,
# each after the same cache drop. The disk's speed swings from minute to minute, so the two
# alternate over several rounds and the median ratio is reported.
# Usage: ops/bench/archive-get.sh [MiB] [rounds]
source "$(dirname "$0")/lib.sh"
size_mib=${1:-1024}
rounds=${2:-3}
bytes=$((size_mib * 1048576))
bench_platform_up
work="$GRANARY_HOME/bench-get"
rm -rf "$work" && mkdir -p "$work"
head -c "$bytes" /dev/urandom > "$work/object.bin"
sha=$(sha256sum "$work/object.bin" | cut -d' ' -f1)
put_object "$GRANARY_ARCHIVE_1_URL" "$work/object.bin" "$sha"
rm -f "$work/object.bin"
file="$GRANARY_HOME/services/archive-1/volumes/v1/objects/${sha:0:2}/${sha:2:2}/$sha"

# Untimed: the object was just written, and the first drop also writes its dirty pages back.
drop_caches; cat "$file" > /dev/null
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ratios=(); rates=()
for round in $(seq 1 "$rounds"); do
    drop_caches
    start=$(now); cat "$file" > /dev/null; cat_seconds=$(seconds_since "$start")
    drop_caches
    start=$(now); got=$(curl -sf -o /dev/null -w '%{size_download}' "$GRANARY_ARCHIVE_1_URL/objects/$sha"); get_seconds=$(seconds_since "$start")
    [[ "$got" == "$bytes" ]] || { echo "GET returned $got bytes, not $bytes" >&2; exit 1; }
    printf 'round %d: GET %.2f s, cat %.2f s\n' "$round" "$get_seconds" "$cat_seconds"
    ratios+=("$(ratio "$cat_seconds" "$get_seconds")"); rates+=("$(mb_per_second $bytes "$get_seconds")")
done
printf 'archive GET %d MiB verified on read: median %s MiB/s, median ratio to cat after a cache drop %s (target >= 0.8)\n' \
    "$size_mib" "$(printf '%s\n' "${rates[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | median)"
rm -rf "$work"
