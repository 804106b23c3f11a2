package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
 * client address, application, the query text, the transaction and session, and the patch being
 * applied. The patching tool sets {@code granary.patch} to the patch's name while it applies it
 * ({@code SET LOCAL}); a row without one is DDL run by hand, and so is a row whose name the ledger
 * belies ({@link PatchClaims}): anyone may set {@code granary.patch}.
 *
 * <p>The triggers fire {@code ALWAYS}, so {@code session_replication_role = replica} does not
 * silence them. What does ({@code ALTER EVENT TRIGGER ... DISABLE}, a dropped trigger,
 * {@code event_triggers = off} set for a role, a database or the server) {@link ProvenanceCheck}
 * reports; a superuser's {@code SET event_triggers = off} in their own session leaves no trace.
 *
 * <p>DDL on {@code granary_patches} itself, temporary objects, and the objects an extension's
 * script makes are not recorded. Recording never makes a statement fail: if it cannot record, it
 * warns and lets the statement through, since breaking every migration is worse than a gap in the log.
 */
public final class Provenance {
    private static final Logger log = LoggerFactory.getLogger(Provenance.class);
    private static final Set<String> WARNED_ROLES = ConcurrentHashMap.newKeySet();
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

    /**
     * Every recorded DDL since {@code since}, oldest first, each patch it names checked against the
     * ledger ({@link DdlEvent#falseClaim()}); empty when the log was never installed.
     */
    public static List<DdlEvent> events(Connection connection, Instant since) throws SQLException {
        if (!exists(connection, "ddl_log")) {
            return List.of();
        }
        List<PatchApplication> ledger = applications(connection);
        return read(connection, since).stream().map(event -> PatchClaims.judge(event, ledger)).toList();
    }

    /**
     * The DDL run by hand, outside the patching tool, since {@code since}, oldest first: rows
     * naming no patch, and rows naming a patch the ledger says was not being applied then, there.
     */
    public static List<DdlEvent> outsideTool(Connection connection, Instant since) throws SQLException {
        return events(connection, since).stream().filter(event -> !event.byPatchingTool()).toList();
    }

    private static List<DdlEvent> read(Connection connection, Instant since) throws SQLException {
        // A log installed by an older version lacks the columns until the next apply installs it again.
        String sessionColumns = hasColumn(connection, "ddl_log", "transaction_id") ? "transaction_id, backend_pid" : "NULL::bigint, NULL::integer";
        try (var query = connection.prepareStatement("""
                SELECT id, at, role, effective_role, client_addr, application_name, command_tag, object_type,
                       object_identity, statement, patch,\s""" + sessionColumns + """

                FROM granary_patches.ddl_log WHERE at >= ? ORDER BY at, id""")) {
            query.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rows = query.executeQuery()) {
                List<DdlEvent> events = new ArrayList<>();
                while (rows.next()) {
                    events.add(new DdlEvent(rows.getLong(1), rows.getObject(2, OffsetDateTime.class).toInstant(), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                            rows.getString(8), rows.getString(9), rows.getString(10), rows.getString(11),
                            rows.getObject(12, Long.class), rows.getObject(13, Integer.class), null));
                }
                return events;
            }
        }
    }

    /** Every patch of every component applied here: the log does not say which component a row's patch belongs to. */
    private static List<PatchApplication> applications(Connection connection) throws SQLException {
        if (!exists(connection, "ledger")) {
            return List.of();
        }
        String sessionColumns = hasColumn(connection, "ledger", "transaction_id") ? "transaction_id, backend_pid" : "NULL::bigint, NULL::integer";
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT patch_name, applied_at, duration_ms, applied_by, " + sessionColumns
                        + " FROM granary_patches.ledger")) {
            List<PatchApplication> applications = new ArrayList<>();
            while (rows.next()) {
                applications.add(new PatchApplication(rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant(),
                        Duration.ofMillis(rows.getLong(3)), PatchApplication.roleOf(rows.getString(4)),
                        rows.getObject(5, Long.class), rows.getObject(6, Integer.class)));
            }
            return applications;
        }
    }

    private static boolean isSuperuser(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return row.next() && row.getBoolean(1);
        }
    }

    static boolean exists(Connection connection, String table) throws SQLException {
        try (var query = connection.prepareStatement("SELECT to_regclass('granary_patches.' || quote_ident(?)) IS NOT NULL")) {
            query.setString(1, table);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        try (var query = connection.prepareStatement("""
                SELECT EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass('granary_patches.' || quote_ident(?))
                               AND attname = ? AND NOT attisdropped)""")) {
            query.setString(1, table);
            query.setString(2, column);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
