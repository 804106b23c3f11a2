#!/usr/bin/env bash
# Scrub throughput as a ratio to reading and hashing the same files with sha256sum.
# Usage: ops/bench/archive-scrub.sh [objects] [KiB each]
source "$(dirname "$0")/lib.sh"
objects=${1:-200}
kib=${2:-4096}
export GRANARY_ARCHIVE_SCRUB_BYTES_PER_SECOND=100000000000
bench_platform_up
work="$GRANARY_HOME/bench-scrub"
rm -rf "$work" && mkdir -p "$work"
for i in $(seq 1 "$objects"); do
    head -c $((kib * 1024)) /dev/urandom > "$work/object"
    sha=$(sha256sum "$work/object" | cut -d' ' -f1)
    # Both copies, as the client makes them: a scrub that finds a copy missing also repairs it, which is not what we time.
    put_object "$GRANARY_ARCHIVE_1_URL" "$work/object" "$sha"
    put_object "$GRANARY_ARCHIVE_2_URL" "$work/object" "$sha"
done
bytes=$((objects * kib * 1024))

drop_caches
start=$(now)
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" "$GRANARY_ARCHIVE_1_URL/scrub"
until curl -sf "$GRANARY_ARCHIVE_1_URL/scrub" | grep -q '"state":"finished"'; do sleep 0.1; done
scrub=$(seconds_since "$start")
verified=$(curl -sf "$GRANARY_ARCHIVE_1_URL/scrub" | sed 's/.*"objectsVerified":\([0-9]*\).*/\1/')

drop_caches
start=$(now)
find "$GRANARY_HOME/services/archive-1/volumes/v1/objects" -type f -print0 | xargs -0 sha256sum > /dev/null
hashing=$(seconds_since "$start")

printf 'archive scrub of %d objects (%d MiB): %.2f s (%d MiB/s), %s verified; sha256sum %.2f s; ratio to sha256sum %s\n' \
    "$objects" $((bytes / 1048576)) "$scrub" "$(mb_per_second $bytes $scrub)" "$verified" "$hashing" "$(ratio $hashing $scrub)"
rm -rf "$work"
