#!/usr/bin/env bash
# metadata-sync's reconciliation: both sides filled with the same rows (the legacy tables with
# INSERT ... SELECT generate_series, ingest's granule table directly in the shape POST
# /granules/sync leaves: version 1, product key orbit:N, source legacy-sync, no SHA-256), then
# planted differences, 100 of each kind by default: files missing on the catalogue, missing on the
# legacy side, and a changed field (size, QA flag or production time, in turn). A reconciliation
# through the API (POST /sync/reconciliations, with the sync running) must find every one and
# invent none; its wall time is a ratio to exporting both sides' projections (the columns it
# compares, the catalogue's newest version of each name) with COPY ... TO STDOUT to /dev/null, both
# at once as the reconciliation asks both sides at once, timed just before and just after (their mean).
# The rows are loaded while the legacy tables are out of the sync's publication, so the stream does
# not carry them; the indexes other than keys are built after the load.
# Usage: ops/bench/sync-reconcile.sh [rows] [planted of each kind]
source "$(dirname "$0")/lib.sh"
rows=${1:-1000000}
planted=${2:-100}
export GRANARY_SKIP_BUILD=1 LC_ALL=C
bench_platform_up
work="$GRANARY_HOME/bench-sync-reconcile"
rm -rf "$work" && mkdir -p "$work"
sql() { psql "${GRANARY_PSQL/dbname=postgres/dbname=$1}" -v ON_ERROR_STOP=1 -qtAc "$2"; }

# Row n of the data set: the writer's eight orbital products in turn, one orbit for every eight rows
# from orbit 1147 on, named as ingest's ESDT catalogue expects; every 20th superseded, every third
# with a QA flag. Times are UTC without zone, as the legacy side keeps them.
generated() { # numbers: a FROM item giving n
    echo "(SELECT n, esdt, level, extension, orbit, start_time, start_time + interval '5933 seconds' AS stop_time,
              start_time + interval '3 hours' AS production_time, 5000000 + n * 7919 % 85000000 AS size, md5(n::text) AS md5,
              n * 2654435761 % 4294967296 AS cksum, CASE WHEN n % 20 = 0 THEN 'S' ELSE 'A' END AS status,
              CASE WHEN n % 3 = 0 THEN (ARRAY['G', 'S', 'B', 'U'])[(n / 3 % 4 + 1)::integer] END AS qa,
              format('OMI-Aura_%s-%s_%s-o%s_v003-%s.%s', level, esdt, to_char(start_time, 'YYYY\"m\"MMDD\"t\"HH24MI'),
                     lpad(orbit::text, greatest(5, length(orbit::text)), '0'), to_char(start_time + interval '3 hours', 'YYYY\"m\"MMDD\"t\"HH24MISS'),
                     extension) AS file_name
       FROM (SELECT n, p.esdt, p.level, p.extension, 1147 + n / 8 AS orbit,
                    timestamp '2004-10-01 00:03:00' + (1147 + n / 8 - 1132) * interval '5933 seconds' AS start_time
             FROM $1
             JOIN (VALUES (0, 'OML1BRUG', 'L1', 'he4'), (1, 'OML1BRVG', 'L1', 'he4'), (2, 'OMTO3', 'L2', 'he5'), (3, 'OMDOAO3', 'L2', 'he5'),
                          (4, 'OMNO2', 'L2', 'he5'), (5, 'OMCLDRR', 'L2', 'he5'), (6, 'OMSO2', 'L2', 'he5'), (7, 'OMAERUV', 'L2', 'he5'))
                  AS p (product, esdt, level, extension) ON p.product = n % 8) o) g"
}
all_rows=$(generated "generate_series(0::bigint, $rows - 1) n")
# The planted rows, spread over the key space: kind 0 missing on the catalogue, 1 missing on the legacy side, 2 a changed field.
stride=$(( rows / (3 * planted) ))
(( stride >= 1 )) || { echo "too few rows for $planted planted differences of each kind" >&2; exit 1; }
planted_kind() { echo "(g.n % ($stride * 3) / $stride = $1 AND g.n % $stride = $(( stride / 2 )) AND g.n < $(( stride * 3 * planted )))"; }

# Loads a table without its indexes other than keys, then builds them again (as the same definitions).
load_without_indexes() { # database table statement
    local definitions
    definitions=$(sql "$1" "SELECT pg_get_indexdef(i.indexrelid) || ';' FROM pg_index i
                             WHERE i.indrelid = '$2'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)")
    while read -r definition; do
        [[ -n "$definition" ]] && sql "$1" "DROP INDEX $(echo "$definition" | sed 's/^CREATE \(UNIQUE \)\{0,1\}INDEX \([^ ]*\) .*/\2/')"
    done <<< "$definitions"
    sql "$1" "$3"
    [[ -n "$definitions" ]] && sql "$1" "SET maintenance_work_mem = '512MB'; $definitions"
    sql "$1" "VACUUM ANALYZE $2"
}

start=$(now)
# The stream must not carry the load: the legacy tables leave the publication while they are filled.
sql granary_legacy "ALTER PUBLICATION granary_metadata_sync DROP TABLE file_inventory, file_qa, file_lineage"
load_without_indexes granary_legacy file_inventory "INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, production_time,
        orbit_number, file_size, md5_checksum, cksum_value, archive_path, status_code)
    SELECT file_name, esdt || '.003', start_time, stop_time, production_time, orbit, size, upper(md5), cksum,
           '/archive/omi/' || esdt || '/' || to_char(start_time, 'YYYY/DDD') || '/' || file_name, status
    FROM $all_rows WHERE NOT $(planted_kind 1)"
sql granary_legacy "INSERT INTO file_qa (file_name, qa_flag, qa_comment, qa_time)
    SELECT file_name, qa, NULL, production_time FROM $all_rows WHERE qa IS NOT NULL AND NOT $(planted_kind 1)"
sql granary_legacy "VACUUM ANALYZE file_qa"
sql granary_legacy "ALTER PUBLICATION granary_metadata_sync ADD TABLE file_inventory, file_qa, file_lineage"
legacy_seconds=$(seconds_since "$start")
start=$(now)
# A changed field on the catalogue side: its size one byte more, its QA flag another, or its production time a second later.
load_without_indexes granary_ingest granule "INSERT INTO granule (esdt, collection, file_name, version, product_key, part, start_time, end_time, orbit,
        production_time, size_bytes, sha256, md5, cksum, source, producing_job, state, qa_flag)
    SELECT esdt, 3, file_name, 1, 'orbit:' || orbit, NULL, start_time AT TIME ZONE 'UTC', stop_time AT TIME ZONE 'UTC', orbit,
           (production_time + CASE WHEN $(planted_kind 2) AND n / ($stride * 3) % 3 = 2 THEN interval '1 second' ELSE interval '0' END) AT TIME ZONE 'UTC',
           size + CASE WHEN $(planted_kind 2) AND n / ($stride * 3) % 3 = 0 THEN 1 ELSE 0 END, NULL, md5, cksum, 'legacy-sync', NULL,
           CASE status WHEN 'A' THEN 'archived' ELSE 'superseded' END,
           CASE WHEN $(planted_kind 2) AND n / ($stride * 3) % 3 = 1 THEN CASE WHEN qa = 'G' THEN 'bad' ELSE 'good' END
                ELSE CASE qa WHEN 'G' THEN 'good' WHEN 'S' THEN 'suspect' WHEN 'B' THEN 'bad' WHEN 'U' THEN 'unchecked' END END
    FROM $all_rows WHERE NOT $(planted_kind 0)"
catalogue_seconds=$(seconds_since "$start")
# The slot still decodes the load's WAL (its rows are not sent, but the walsender reads them): a
# reconciliation's re-check waits for the stream to pass its mark, so it starts once the slot is through.
# The slot is confirmed as far as the last change the capture took: a mark (a transaction of the
# sync's own, which it skips) after the load gives it one.
sql granary_legacy "INSERT INTO granary_sync.applied_by_sync (txid) VALUES (txid_current())"
loaded_lsn=$(sql granary_legacy "SELECT pg_current_wal_lsn()")
start=$(now)
until [[ $(sql granary_legacy "SELECT confirmed_flush_lsn >= '$loaded_lsn' FROM pg_replication_slots WHERE slot_name = 'granary_metadata_sync'") == t ]]; do
    sleep 1
done
printf 'loaded %d rows: the legacy side in %.0f s, the catalogue in %.0f s; the sync'"'"'s slot through their WAL %.0f s later\n' \
    "$rows" "$legacy_seconds" "$catalogue_seconds" "$(seconds_since "$start")"
# What was planted, by kind, for the check.
for kind in 0 1 2; do
    sql postgres "COPY (SELECT file_name FROM $(generated "(SELECT k::bigint * $stride * 3 + $kind * $stride + $stride / 2 FROM generate_series(0, $planted - 1) k) s (n)")) TO STDOUT" \
        > "$work/planted-$kind.txt"
done

# The reference: both projections exported at once, as the reconciliation asks both sides at once.
export_reference() {
    local start
    start=$(now)
    sql granary_legacy "COPY (SELECT f.file_name, f.esdt_code, f.start_time, f.stop_time, f.production_time, f.orbit_number, f.file_size,
                                     f.md5_checksum, f.cksum_value, f.status_code, q.qa_flag
                              FROM file_inventory f LEFT JOIN file_qa q ON q.file_name = f.file_name) TO STDOUT" > /dev/null &
    local legacy_export=$!
    sql granary_ingest "COPY (SELECT c.file_name, c.esdt, c.collection, c.start_time, c.end_time, c.production_time, c.orbit, c.size_bytes,
                                     c.md5, c.cksum, c.state, c.qa_flag
                              FROM (SELECT DISTINCT ON (g.file_name COLLATE \"C\") g.* FROM granule g
                                    ORDER BY g.file_name COLLATE \"C\", g.version DESC) c WHERE c.state <> 'deleted') TO STDOUT" > /dev/null
    wait "$legacy_export"
    seconds_since "$start"
}

export_before=$(export_reference)
start=$(now)
id=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' "$GRANARY_METADATA_SYNC_URL/sync/reconciliations" | jq -r .id)
until [[ $(curl -sf -H "Authorization: Bearer $TOKEN" "$GRANARY_METADATA_SYNC_URL/sync/reconciliations/$id?limit=1" | jq -r .state) != running ]]; do
    sleep 0.2
done
reconcile_seconds=$(seconds_since "$start")
export_after=$(export_reference)
curl -sf -H "Authorization: Bearer $TOKEN" "$GRANARY_METADATA_SYNC_URL/sync/reconciliations/$id?limit=100000" > "$work/report.json"
jq -r .counts "$work/report.json" | jq -c .
[[ $(jq -r .state "$work/report.json") == finished ]] || { echo "the reconciliation did not finish: $(jq -c 'del(.differences)' "$work/report.json")" >&2; exit 1; }

# Found against planted, by kind: a file found under its planted kind counts as found, any other as invented.
kinds=(missing-on-catalogue missing-on-legacy different)
jq -r '.differences[] | "\(.kind)\t\(.fileName)"' "$work/report.json" | sort > "$work/found.tsv"
for kind in 0 1 2; do
    sed "s/^/${kinds[$kind]}\t/" "$work/planted-$kind.txt"
done | sort > "$work/planted.tsv"
found=$(comm -12 "$work/planted.tsv" "$work/found.tsv" | wc -l)
invented=$(comm -13 "$work/planted.tsv" "$work/found.tsv" | wc -l)
missed=$(comm -23 "$work/planted.tsv" "$work/found.tsv" | wc -l)
for kind in 0 1 2; do
    printf '  %-21s planted %d, found %d\n' "${kinds[$kind]}" "$(wc -l < "$work/planted-$kind.txt")" \
        "$(comm -12 "$work/planted.tsv" "$work/found.tsv" | grep -c "^${kinds[$kind]}"$'\t' || true)"
done
comm -13 "$work/planted.tsv" "$work/found.tsv" | head -5 | sed 's/^/  invented: /'
comm -23 "$work/planted.tsv" "$work/found.tsv" | head -5 | sed 's/^/  missed: /'
applied=$(curl -sf -H "Authorization: Bearer $TOKEN" "$GRANARY_METADATA_SYNC_URL/sync/status" | jq -r .appliedToCatalogue)
export_mean=$(echo "($export_before + $export_after) / 2" | bc -l)
printf 'reconciliation of %d rows a side: %d of %d planted differences found, %d missed, %d invented (changes the stream applied meanwhile: %s); %.1f s; COPY export of both projections at once %.1f s before, %.1f s after; ratio %s (target <= 0.7)\n' \
    "$rows" "$found" "$(wc -l < "$work/planted.tsv")" "$missed" "$invented" "$applied" "$reconcile_seconds" "$export_before" "$export_after" \
    "$(ratio "$reconcile_seconds" "$export_mean")"
rm -rf "$work"
