-- One poll of one node: everything db-monitor reads, in one statement and one round trip, as one
-- JSON document. Read-only, and allowed to a role with pg_monitor. Functions that fail on a
-- primary (or on a standby) are behind CASE on pg_is_in_recovery(). Costs are bounded whatever the
-- server holds: sessions and tables are limited, table sizes are read for the largest five by the
-- catalogue's own estimate only. Sizes are read only when the parameter is true (db-monitor asks once a
-- minute): pg_database_size() looks at every file of every database, most of a poll's cost.
WITH activity AS (
    SELECT a.pid, a.usename, a.datname, a.application_name, a.state, a.xact_start, a.query_start, a.state_change,
           a.wait_event_type, a.wait_event, a.query,
           CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) ELSE '{}'::int[] END AS blocked_by
    FROM pg_stat_activity a
    WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
), blockers AS (
    SELECT DISTINCT unnest(blocked_by) AS pid FROM activity
), notable AS (
    SELECT * FROM activity a
    WHERE cardinality(a.blocked_by) > 0 OR a.pid IN (SELECT pid FROM blockers)
       OR a.state LIKE 'idle in transaction%' OR a.xact_start < now() - interval '1 second'
    ORDER BY a.xact_start NULLS LAST
    LIMIT 50
)
SELECT json_build_object(
    'recovery', pg_is_in_recovery(),
    'serverTime', extract(epoch FROM clock_timestamp()),
    'version', current_setting('server_version_num')::int,
    'maxConnections', current_setting('max_connections')::int,
    'connections', (SELECT count(*) FROM activity),
    'activeConnections', (SELECT count(*) FROM activity WHERE state = 'active'),
    'currentLsn', CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') END,
    'receivedLsn', CASE WHEN pg_is_in_recovery() THEN pg_wal_lsn_diff(pg_last_wal_receive_lsn(), '0/0') END,
    'replayedLsn', CASE WHEN pg_is_in_recovery() THEN pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0') END,
    'replayPaused', CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END,
    'lastReplayTime', CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM pg_last_xact_replay_timestamp()) END,
    'receiver', CASE WHEN pg_is_in_recovery() THEN
        (SELECT json_build_object('status', r.status, 'senderHost', r.sender_host, 'slot', r.slot_name) FROM pg_stat_wal_receiver r) END,
    'databases', (SELECT coalesce(json_agg(json_build_object(
            'name', d.datname, 'commits', s.xact_commit, 'rollbacks', s.xact_rollback, 'deadlocks', s.deadlocks,
            'xidAge', age(d.datfrozenxid)) ORDER BY d.datname), '[]'::json)
        FROM pg_database d JOIN pg_stat_database s ON s.datid = d.oid WHERE d.datallowconn),
    'sizes', CASE WHEN CAST(? AS boolean) THEN (SELECT json_build_object(
        'databases', (SELECT coalesce(json_agg(json_build_object('name', d.datname, 'bytes', pg_database_size(d.oid))
                          ORDER BY d.datname), '[]'::json) FROM pg_database d WHERE d.datallowconn),
        'tables', (SELECT coalesce(json_agg(json_build_object('name', t.name, 'bytes', pg_total_relation_size(t.oid))), '[]'::json)
            FROM (SELECT c.oid, c.oid::regclass::text AS name FROM pg_class c
                  WHERE c.relkind IN ('r', 'm') AND c.relnamespace <> 'pg_catalog'::regnamespace
                  ORDER BY c.relpages DESC LIMIT 5) t))) END,
    'replication', CASE WHEN NOT pg_is_in_recovery() THEN
        (SELECT coalesce(json_agg(json_build_object(
            'application', r.application_name, 'client', host(r.client_addr), 'state', r.state, 'syncState', r.sync_state,
            'slot', s.slot_name,
            'sentLsn', pg_wal_lsn_diff(r.sent_lsn, '0/0'), 'flushedLsn', pg_wal_lsn_diff(r.flush_lsn, '0/0'),
            'replayedLsn', pg_wal_lsn_diff(r.replay_lsn, '0/0'),
            'flushLag', extract(epoch FROM r.flush_lag), 'replayLag', extract(epoch FROM r.replay_lag))), '[]'::json)
         FROM pg_stat_replication r LEFT JOIN pg_replication_slots s ON s.active_pid = r.pid) END,
    'slots', (SELECT coalesce(json_agg(json_build_object(
            'name', s.slot_name, 'type', s.slot_type, 'active', s.active, 'walStatus', s.wal_status,
            'retainedBytes', pg_wal_lsn_diff(
                CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END, s.restart_lsn))), '[]'::json)
        FROM pg_replication_slots s),
    'archiver', (SELECT json_build_object('mode', current_setting('archive_mode'), 'archived', a.archived_count,
            'failed', a.failed_count, 'lastFailedWal', a.last_failed_wal, 'lastFailedTime', extract(epoch FROM a.last_failed_time),
            'lastArchivedTime', extract(epoch FROM a.last_archived_time),
            'ready', CASE WHEN current_setting('archive_mode') <> 'off'
                THEN (SELECT count(*) FROM pg_ls_archive_statusdir() f WHERE f.name LIKE '%.ready') END)
        FROM pg_stat_archiver a),
    'sessions', (SELECT coalesce(json_agg(json_build_object(
            'pid', n.pid, 'user', n.usename, 'database', n.datname, 'application', n.application_name, 'state', n.state,
            'transactionSeconds', extract(epoch FROM clock_timestamp() - n.xact_start),
            'stateSeconds', extract(epoch FROM clock_timestamp() - n.state_change),
            'waitEventType', n.wait_event_type, 'waitEvent', n.wait_event,
            'lockWaitSeconds', (SELECT extract(epoch FROM clock_timestamp() - min(l.waitstart)) FROM pg_locks l
                                WHERE l.pid = n.pid AND NOT l.granted),
            'blockedBy', to_json(n.blocked_by), 'query', left(n.query, 4000))), '[]'::json)
        FROM notable n)
)::text
