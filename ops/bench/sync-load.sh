#!/usr/bin/env bash
# The initial load of metadata-sync: a legacy database filled with `rows` files before metadata-sync
# reads it (its slot dropped, so the load is due), then metadata-sync started; the load's time from
# its start to its end (the database's clock, JVM start-up excluded), every file checked in the
# catalogue. Reference in the same run: COPY of the same legacy rows (file_inventory joined with
# file_qa, what the load reads) out of the legacy database piped into COPY into a same-shaped table
# in ingest-service's database. Prints files per second of both and their ratio.
# Usage: ops/bench/sync-load.sh [rows]
source "$(dirname "$0")/lib.sh"
rows=${1:-1000000}
bench_platform_up
legacy_psql=${GRANARY_PSQL/dbname=postgres/dbname=granary_legacy}
ingest_psql=${GRANARY_PSQL/dbname=postgres/dbname=granary_ingest}
sync_psql=${GRANARY_PSQL/dbname=postgres/dbname=granary_metadata_sync}
sql() { psql "$1" -v ON_ERROR_STOP=1 -qtAc "$2"; }

# metadata-sync stopped; its slot dropped and its loads forgotten: the next start loads every legacy file.
kill "$(cat "$GRANARY_HOME/run/metadata-sync.pid")"
while kill -0 "$(cat "$GRANARY_HOME/run/metadata-sync.pid")" 2>/dev/null; do sleep 0.2; done
sql "$legacy_psql" "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'granary_metadata_sync'" > /dev/null
sql "$sync_psql" "DELETE FROM initial_load"

echo "filling the legacy database with $rows files..."
sql "$legacy_psql" "INSERT INTO file_inventory (file_name, esdt_code, start_time, stop_time, orbit_number, file_size, md5_checksum, cksum_value,
                                                archive_path, status_code, update_time)
                    SELECT format('OMI-Aura_L2-OMTO3_%s-o%s_v003-2012m0405t174311.he5', to_char(s, 'YYYY\"m\"MMDD\"t\"HH24MI'), lpad(g::text, 7, '0')),
                           'OMTO3.003', s, s + interval '5933 seconds', g, 1000000 + g, upper(md5(g::text)), g % 4294967296,
                           '/archive/OMI/' || g, 'A', '2012-04-05 17:43:11'
                    FROM generate_series(1, $rows) g, LATERAL (SELECT timestamp '2004-10-01 00:03:00' + (g - 1) * interval '5933 seconds' AS s) t"
sql "$legacy_psql" "INSERT INTO file_qa (file_name, qa_flag, qa_time) SELECT file_name, 'G', '2012-04-06' FROM file_inventory WHERE orbit_number % 10 = 0"
sql "$legacy_psql" "VACUUM ANALYZE file_inventory" && sql "$legacy_psql" "VACUUM ANALYZE file_qa"

# The reference: the load's read, COPY out of the legacy side into a same-shaped table on the catalogue's side.
sql "$ingest_psql" "DROP TABLE IF EXISTS load_reference; CREATE UNLOGGED TABLE load_reference (file_name varchar(255) PRIMARY KEY, esdt_code text,
        start_time timestamp, stop_time timestamp, production_time timestamp, orbit_number integer, file_size numeric, md5_checksum text,
        cksum_value bigint, archive_path text, status_code text, qa_flag text, changed_at timestamp)"
sql "$ingest_psql" "ALTER TABLE load_reference SET LOGGED"
start=$(now)
psql "$legacy_psql" -v ON_ERROR_STOP=1 -qc "COPY (SELECT f.file_name, f.esdt_code, f.start_time, f.stop_time, f.production_time, f.orbit_number,
        f.file_size, f.md5_checksum, f.cksum_value, f.archive_path, f.status_code, q.qa_flag, greatest(f.update_time, q.qa_time)
        FROM file_inventory f LEFT JOIN file_qa q ON q.file_name = f.file_name ORDER BY f.file_name) TO STDOUT" \
    | psql "$ingest_psql" -v ON_ERROR_STOP=1 -qc "COPY load_reference FROM STDIN"
copy_seconds=$(seconds_since "$start")
copied=$(sql "$ingest_psql" "SELECT count(*) FROM load_reference")
sql "$ingest_psql" "DROP TABLE load_reference"

"$root/ops/granary" up -d > /dev/null
echo "loading..."
until [[ $(sql "$sync_psql" "SELECT count(*) FROM initial_load WHERE finished_at IS NOT NULL") == 1 ]]; do sleep 2; done
load_seconds=$(sql "$sync_psql" "SELECT extract(epoch FROM finished_at - started_at) FROM initial_load")
loaded=$(sql "$sync_psql" "SELECT rows_loaded FROM initial_load")
catalogued=$(sql "$ingest_psql" "SELECT count(*) FROM granule WHERE source = 'legacy-sync' AND state = 'archived'")
[[ "$catalogued" -ge "$rows" ]] || { echo "only $catalogued of $rows files are in the catalogue" >&2; exit 1; }

printf 'initial load: %d legacy files in %.1f s (%.0f files/s), %d in the catalogue\n' "$loaded" "$load_seconds" "$(echo "$loaded / $load_seconds" | bc -l)" "$catalogued"
printf 'reference: COPY out of the legacy database piped into COPY into a same-shaped table, %d rows in %.1f s (%.0f rows/s)\n' \
    "$copied" "$copy_seconds" "$(echo "$copied / $copy_seconds" | bc -l)"
printf 'ratio (load rate / COPY pipe rate): %.3f\n' "$(echo "$copy_seconds / $load_seconds" | bc -l)"
