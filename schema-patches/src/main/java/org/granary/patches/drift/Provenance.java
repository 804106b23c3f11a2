package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who changed the schema: event triggers that write every DDL statement run in the database to
 * {@code granary_patches.ddl_log}, one row per object made, altered or dropped, with the role,
 * client address, application, the query text and the patch being applied. The patching tool sets
 * {@code granary.patch} to the patch's name while it applies it ({@code SET LOCAL}); a row without
 * one is DDL run by hand.
 *
 * <p>DDL on {@code granary_patches} itself, temporary objects, and the objects an extension's
 * script makes are not recorded. Recording never makes a statement fail: if it cannot record, it
 * warns and lets the statement through, since breaking every migration is worse than a gap in the log.
 */
public final class Provenance {
    private static final Logger log = LoggerFactory.getLogger(Provenance.class);
    private static final Set<String> WARNED_ROLES = ConcurrentHashMap.newKeySet();
    private static final String SELECT_EVENTS = """
            SELECT id, at, role, effective_role, client_addr, application_name, command_tag, object_type,
                   object_identity, statement, patch
            FROM granary_patches.ddl_log WHERE at >= ?""";

    private Provenance() {
    }

    /**
     * Creates or updates the log and its triggers; running it again changes nothing. Event triggers
     * need a superuser: for any other role it makes nothing and returns false.
     */
    public static boolean install(Connection connection) throws SQLException {
        if (!isSuperuser(connection)) {
            String role = connection.getMetaData().getUserName();
            // Once per role: every apply asks, scratch databases included, and the answer does not change.
            if (WARNED_ROLES.add(role)) {
                log.warn("not recording DDL: role {} is not a superuser, and only a superuser can create event triggers", role);
            }
            return false;
        }
        Transactions.readWrite(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                // Two installers at once would both drop and create the event triggers; take turns.
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('granary_patches.provenance'))");
                for (String sql : ProvenanceSql.INSTALL) {
                    statement.execute(sql);
                }
            }
            return null;
        });
        return true;
    }

    /** Every recorded DDL since {@code since}, oldest first; empty when the log was never installed. */
    public static List<DdlEvent> events(Connection connection, Instant since) throws SQLException {
        return read(connection, SELECT_EVENTS + " ORDER BY at, id", since);
    }

    /** The DDL run by hand, outside the patching tool, since {@code since}, oldest first. */
    public static List<DdlEvent> outsideTool(Connection connection, Instant since) throws SQLException {
        return read(connection, SELECT_EVENTS + " AND coalesce(patch, '') = '' ORDER BY at, id", since);
    }

    private static List<DdlEvent> read(Connection connection, String sql, Instant since) throws SQLException {
        if (!logExists(connection)) {
            return List.of();
        }
        try (var query = connection.prepareStatement(sql)) {
            query.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rows = query.executeQuery()) {
                List<DdlEvent> events = new ArrayList<>();
                while (rows.next()) {
                    events.add(new DdlEvent(rows.getLong(1), rows.getObject(2, OffsetDateTime.class).toInstant(), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                            rows.getString(8), rows.getString(9), rows.getString(10), rows.getString(11)));
                }
                return events;
            }
        }
    }

    private static boolean isSuperuser(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return row.next() && row.getBoolean(1);
        }
    }

    private static boolean logExists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT to_regclass('granary_patches.ddl_log') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
