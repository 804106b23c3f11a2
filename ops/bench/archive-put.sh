#!/usr/bin/env bash
# Large object PUT throughput through HTTP, R = 1 and R = 2, each as a ratio to dd conv=fsync of
# the same bytes to the same disk, measured in the same run. This disk's speed swings a lot from
# minute to minute, so dd and PUT alternate over several rounds and the median ratio is reported.
# Usage: ops/bench/archive-put.sh [MiB] [rounds]
source "$(dirname "$0")/lib.sh"
size_mib=${1:-1024}
rounds=${2:-3}
bytes=$((size_mib * 1048576))
bench_platform_up
work="$GRANARY_HOME/bench-put"
rm -rf "$work" && mkdir -p "$work"

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
settle() { sync; cat "$1" > /dev/null; }   # no dirty pages of others, source in cache: same start for both

r1_ratios=(); r2_ratios=(); r1_rates=(); r2_rates=()
for round in $(seq 1 "$rounds"); do
    head -c "$bytes" /dev/urandom > "$work/object.bin"
    sha=$(sha256sum "$work/object.bin" | cut -d' ' -f1)

    settle "$work/object.bin"
    start=$(now); dd if="$work/object.bin" of="$work/dd1.out" bs=1M conv=fsync status=none; dd1=$(seconds_since "$start")
    rm -f "$work/dd1.out"; settle "$work/object.bin"
    start=$(now); put_object "$GRANARY_ARCHIVE_1_URL" "$work/object.bin" "$sha"; put1=$(seconds_since "$start")

    head -c "$bytes" /dev/urandom > "$work/object.bin"
    sha=$(sha256sum "$work/object.bin" | cut -d' ' -f1)
    settle "$work/object.bin"
    start=$(now)
    dd if="$work/object.bin" of="$work/dd2a.out" bs=1M conv=fsync status=none &
    dd if="$work/object.bin" of="$work/dd2b.out" bs=1M conv=fsync status=none &
    wait; dd2=$(seconds_since "$start")
    rm -f "$work"/dd2*.out; settle "$work/object.bin"
    start=$(now)
    put_object "$GRANARY_ARCHIVE_1_URL" "$work/object.bin" "$sha" &
    put_object "$GRANARY_ARCHIVE_2_URL" "$work/object.bin" "$sha" &
    wait; put2=$(seconds_since "$start")

    printf 'round %d: R=1 PUT %.2f s, dd %.2f s; R=2 PUT %.2f s, dd x2 %.2f s\n' "$round" "$put1" "$dd1" "$put2" "$dd2"
    r1_ratios+=("$(ratio "$dd1" "$put1")"); r2_ratios+=("$(ratio "$dd2" "$put2")")
    r1_rates+=("$(mb_per_second $bytes "$put1")"); r2_rates+=("$(mb_per_second $bytes "$put2")")
done
printf 'archive PUT %d MiB, R=1: median %s MiB/s, median ratio to dd conv=fsync %s (target >= 0.8)\n' \
    "$size_mib" "$(printf '%s\n' "${r1_rates[@]}" | median)" "$(printf '%s\n' "${r1_ratios[@]}" | median)"
printf 'archive PUT %d MiB, R=2: median %s MiB/s per copy, median ratio to two parallel dd conv=fsync %s\n' \
    "$size_mib" "$(printf '%s\n' "${r2_rates[@]}" | median)" "$(printf '%s\n' "${r2_ratios[@]}" | median)"
rm -rf "$work"
