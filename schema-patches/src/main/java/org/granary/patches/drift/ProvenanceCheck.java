package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the DDL log ({@link Provenance}) still records every DDL statement, as
 * {@link Drift.Kind#PROVENANCE} drifts with their repair: an event trigger dropped, disabled, or
 * set to fire only in some {@code session_replication_role}s, and {@code event_triggers = off}
 * (PostgreSQL 17) set for a role, this database, or the whole server. A database whose log was
 * never installed has nothing to report here: there is no log to have been switched off.
 *
 * <p>It cannot see a superuser's {@code SET event_triggers = off} in a session of their own: that
 * leaves no trace anywhere, and is a limit of the log.
 */
public final class ProvenanceCheck {
    private static final String EVENT_TRIGGERS = "SELECT evtname, evtenabled FROM pg_event_trigger WHERE evtname IN (?, ?)";
    /** Persistent settings: ALTER ROLE / ALTER DATABASE ... SET, for this database or all. */
    private static final String SWITCHED_OFF = """
            SELECT r.rolname, d.datname
            FROM pg_db_role_setting s
            LEFT JOIN pg_roles r ON r.oid = s.setrole
            LEFT JOIN pg_database d ON d.oid = s.setdatabase
            CROSS JOIN unnest(s.setconfig) setting
            WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
              AND split_part(setting, '=', 1) = 'event_triggers'
              AND lower(split_part(setting, '=', 2)) IN ('off', 'of', 'false', 'f', 'no', 'n', '0')
            ORDER BY 2 NULLS FIRST, 1 NULLS FIRST""";
    private static final String SERVER_SETTING = """
            SELECT source FROM pg_settings WHERE name = 'event_triggers' AND setting = 'off'
              AND source NOT IN ('database', 'user', 'database user', 'session', 'client')""";

    private ProvenanceCheck() {
    }

    /** What keeps the DDL log from recording, or nothing when it records all it can, or was never installed. */
    public static List<Drift> problems(Connection connection) throws SQLException {
        if (!Provenance.exists(connection, "ddl_log")) {
            return List.of();
        }
        List<Drift> problems = new ArrayList<>(triggers(connection));
        problems.addAll(switchedOff(connection));
        problems.addAll(switchedOffForTheServer(connection));
        return problems;
    }

    private static List<Drift> triggers(Connection connection) throws SQLException {
        Map<String, String> modes = new HashMap<>();
        try (var query = connection.prepareStatement(EVENT_TRIGGERS)) {
            query.setString(1, ProvenanceSql.DDL_TRIGGER);
            query.setString(2, ProvenanceSql.DROPS_TRIGGER);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    modes.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        List<Drift> problems = new ArrayList<>();
        for (String trigger : ProvenanceSql.TRIGGERS) {
            String mode = modes.get(trigger);
            if (mode == null) {
                problems.add(trigger(trigger, "is gone: DDL is not recorded",
                        "-- or apply as a superuser, which installs the DDL log again\n"
                                + ProvenanceSql.createTrigger(trigger) + ";\n" + ProvenanceSql.enableAlways(trigger) + ";"));
            } else if (!mode.equals("A")) {
                problems.add(trigger(trigger, switch (mode) {
                    case "D" -> "is disabled: DDL is not recorded";
                    case "R" -> "fires only under session_replication_role = replica: other DDL is not recorded";
                    default -> "fires only under session_replication_role = origin or local: DDL run as replica is not recorded";
                }, ProvenanceSql.enableAlways(trigger) + ";"));
            }
        }
        return problems;
    }

    private static Drift trigger(String name, String what, String repair) {
        return new Drift(Drift.Kind.PROVENANCE, "event trigger", name, null, "event trigger " + name + " of the DDL log " + what, repair);
    }

    private static List<Drift> switchedOff(Connection connection) throws SQLException {
        List<Drift> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(SWITCHED_OFF)) {
            while (rows.next()) {
                String role = rows.getString(1);
                String database = rows.getString(2);
                String whose = (role == null ? "every role" : "role " + role) + (database == null ? " in every database" : " in this database");
                String alter = "ALTER ROLE " + (role == null ? "ALL" : quoted(role))
                        + (database == null ? "" : " IN DATABASE " + quoted(database)) + " RESET event_triggers;";
                problems.add(new Drift(Drift.Kind.PROVENANCE, "setting", "event_triggers of " + whose, null,
                        "event_triggers is off for " + whose + ": their DDL is not recorded", alter));
            }
        }
        return problems;
    }

    private static List<Drift> switchedOffForTheServer(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(SERVER_SETTING)) {
            if (!row.next()) {
                return List.of();
            }
            return List.of(new Drift(Drift.Kind.PROVENANCE, "setting", "event_triggers", null,
                    "event_triggers is off for the whole server (set in its " + row.getString(1) + "): no DDL is recorded",
                    "-- or remove event_triggers = off from postgresql.conf, then reload\nALTER SYSTEM RESET event_triggers;\n"
                            + "SELECT pg_reload_conf();"));
        }
    }

    private static String quoted(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_$]*") ? identifier : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
