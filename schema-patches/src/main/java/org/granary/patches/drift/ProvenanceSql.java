package org.granary.patches.drift;

import java.util.List;

/**
 * The statements {@link Provenance#install} runs, each safe to run again.
 *
 * <p>Two functions, because the log must be writable by any role's DDL yet not by the role
 * itself: the event trigger function runs as whoever ran the DDL, so it sees their
 * {@code current_user} (the role after {@code SET ROLE}); it hands the row to a
 * {@code SECURITY DEFINER} function owned by the superuser who installed it, which alone may
 * insert. Anyone could call that one directly, but the row would still carry their true
 * {@code session_user} and the query text that called it.
 *
 * <p>Each row carries {@code txid_current()} and {@code pg_backend_pid()}, which the ledger's row
 * of a patch carries too, so a row naming a patch can be checked against the patch's application.
 *
 * <p>The column is {@code effective_role}, not {@code current_role}: that is a reserved word, and
 * an unquoted {@code current_role} in a query would silently read the reader's own role.
 */
final class ProvenanceSql {
    static final String DDL_TRIGGER = "granary_record_ddl";
    static final String DROPS_TRIGGER = "granary_record_drops";
    static final List<String> TRIGGERS = List.of(DDL_TRIGGER, DROPS_TRIGGER);
    static final List<String> INSTALL = List.of(
            // Dropped first and made last, so the installer's own GRANT and REVOKE, which name no
            // object to tell them apart by, are not recorded. Others' DDL meanwhile still sees the
            // old triggers: this all commits at once.
            "DROP EVENT TRIGGER IF EXISTS granary_record_ddl",
            "DROP EVENT TRIGGER IF EXISTS granary_record_drops",
            "CREATE SCHEMA IF NOT EXISTS granary_patches",
            """
            CREATE TABLE IF NOT EXISTS granary_patches.ddl_log (
                id               bigserial   PRIMARY KEY,
                at               timestamptz NOT NULL DEFAULT clock_timestamp(),
                role             text        NOT NULL DEFAULT session_user,
                effective_role   text,
                client_addr      text,
                application_name text,
                command_tag      text,
                object_type      text,
                object_identity  text,
                statement        text,
                patch            text,
                transaction_id   bigint,
                backend_pid      integer)""",
            // Logs made before the transaction and session were recorded; their rows keep nulls there.
            // Asked first: ALTER TABLE locks the log even when IF NOT EXISTS makes it do nothing, and
            // everyone's DDL would queue behind it.
            """
            DO $do$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'granary_patches.ddl_log'::regclass
                               AND attname = 'transaction_id' AND NOT attisdropped) THEN
                    ALTER TABLE granary_patches.ddl_log ADD COLUMN transaction_id bigint, ADD COLUMN backend_pid integer;
                END IF;
            END $do$""",
            "CREATE INDEX IF NOT EXISTS ddl_log_at ON granary_patches.ddl_log (at)",
            """
            CREATE OR REPLACE FUNCTION granary_patches.record_ddl_row(
                    effective_role text, command_tag text, object_type text, object_identity text, schema_name text)
            RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $function$
                INSERT INTO granary_patches.ddl_log
                    (effective_role, client_addr, application_name, command_tag, object_type, object_identity, statement, patch,
                     transaction_id, backend_pid)
                SELECT effective_role, host(inet_client_addr()), current_setting('application_name'), command_tag,
                       object_type, object_identity, current_query(), nullif(current_setting('granary.patch', true), ''),
                       txid_current(), pg_backend_pid()
                WHERE coalesce(schema_name, '') <> 'granary_patches'
                  AND coalesce(schema_name, '') NOT LIKE 'pg\\_temp%'
                  AND coalesce(object_identity, '') NOT LIKE 'granary\\_patches.%'
                  AND coalesce(object_identity, '') NOT LIKE '% on granary\\_patches.%'
                  AND NOT (object_type = 'schema' AND object_identity = 'granary_patches')
            $function$""",
            "REVOKE ALL ON TABLE granary_patches.ddl_log FROM PUBLIC",
            // Any role's DDL calls record_ddl_row by name, which needs the schema's USAGE (not its tables).
            "GRANT USAGE ON SCHEMA granary_patches TO PUBLIC",
            """
            CREATE OR REPLACE FUNCTION granary_patches.record_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $function$
            DECLARE
                command record;
            BEGIN
                IF TG_EVENT = 'sql_drop' THEN
                    -- original: what the statement named; normal: what CASCADE took with it. The rest
                    -- (a table's row type, its TOAST table, ...) goes without saying.
                    FOR command IN SELECT d.object_type, d.object_identity, d.schema_name
                                   FROM pg_event_trigger_dropped_objects() d
                                   WHERE (d.original OR d.normal) AND NOT d.is_temporary LOOP
                        PERFORM granary_patches.record_ddl_row(current_user::text, TG_TAG, command.object_type,
                                command.object_identity, command.schema_name);
                    END LOOP;
                ELSE
                    FOR command IN SELECT c.command_tag, c.object_type, c.object_identity, c.schema_name
                                   FROM pg_event_trigger_ddl_commands() c WHERE NOT c.in_extension LOOP
                        PERFORM granary_patches.record_ddl_row(current_user::text, command.command_tag, command.object_type,
                                command.object_identity, command.schema_name);
                    END LOOP;
                END IF;
            EXCEPTION WHEN OTHERS THEN
                RAISE WARNING 'granary_patches: % was not recorded in the DDL log: %', TG_TAG, SQLERRM;
            END
            $function$""",
            createTrigger(DDL_TRIGGER),
            createTrigger(DROPS_TRIGGER),
            // By default an event trigger fires only while session_replication_role is origin or
            // local, so a session saying SET session_replication_role = replica would go unrecorded.
            enableAlways(DDL_TRIGGER),
            enableAlways(DROPS_TRIGGER));

    private ProvenanceSql() {
    }

    static String createTrigger(String name) {
        String event = name.equals(DROPS_TRIGGER) ? "sql_drop" : "ddl_command_end";
        return "CREATE EVENT TRIGGER " + name + " ON " + event + " EXECUTE FUNCTION granary_patches.record_ddl()";
    }

    static String enableAlways(String name) {
        return "ALTER EVENT TRIGGER " + name + " ENABLE ALWAYS";
    }
}
