package org.granary.ops.launcher;

import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.granary.postgres.PostgresServer;
import org.granary.postgres.StreamingStandby;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The platform's PostgreSQL: the embedded one under {@code $GRANARY_HOME/postgres}, or the external
 * one named by {@code GRANARY_DB_URL}. Either way each service gets a database of its own, named
 * in {@link ServiceInstance#database()}, and all share {@value PlatformSettings#AUTH_DATABASE}.
 * The embedded one has a streaming standby under {@code $GRANARY_HOME/postgres/standby}, so that
 * db-monitor has replication to watch from the first start.
 */
final class PlatformDatabase {
    /** The standby's replication slot on the primary and its {@code application_name} in {@code pg_stat_replication}. */
    static final String STANDBY_NAME = "granary_standby";

    private final PlatformSettings settings;

    PlatformDatabase(PlatformSettings settings) {
        this.settings = settings;
    }

    boolean embedded() {
        return settings.externalDatabaseUrl().isEmpty();
    }

    /**
     * Starts the embedded server and its streaming standby (or adopts them when they run); a
     * no-op for an external database, which gets no standby from us.
     */
    void start() throws SQLException {
        if (embedded()) {
            PostgresServer.Settings primarySettings = new PostgresServer.Settings(settings.postgresBinaries(), settings.postgresData(),
                    settings.databasePort(), Map.of(
                            "max_connections", "200",
                            "shared_buffers", "256MB",
                            "log_line_prefix", "%m [%p] %q%u@%d ",
                            "log_lock_waits", "on",
                            // metadata-sync decodes the legacy database's WAL (pgoutput): the standby's
                            // physical slot, metadata-sync's logical one and one to spare, with room above.
                            "wal_level", "logical",
                            "max_wal_senders", "10",
                            "max_replication_slots", "10"));
            PostgresServer primary = PostgresServer.start(primarySettings);
            if (!decodesLogically(primary)) {
                primary = restartDecodingLogically(primary, primarySettings);
            }
            StreamingStandby.start(primary, STANDBY_NAME, settings.postgresStandbyData(), settings.standbyPort());
        }
    }

    /**
     * A cluster made by an older launcher has {@code wal_level = replica} in its {@code postgresql.conf},
     * written once by initdb: set it for good ({@code ALTER SYSTEM}) and restart, once. The standby
     * reconnects by itself; the other two settings were already PostgreSQL's defaults there.
     */
    private static PostgresServer restartDecodingLogically(PostgresServer primary, PostgresServer.Settings primarySettings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(primary.jdbcUrl("postgres")); var statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET wal_level = 'logical'");
        }
        System.out.println("database   restarting the embedded PostgreSQL once for wal_level = logical (a cluster made before it)");
        primary.stop();
        return PostgresServer.start(primarySettings);
    }

    static boolean decodesLogically(PostgresServer server) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"));
                var statement = connection.createStatement();
                var result = statement.executeQuery("SHOW wal_level")) {
            return result.next() && "logical".equals(result.getString(1));
        }
    }

    /** The primary first: it hands its last WAL to the standby as it shuts down, so the standby stops caught up. */
    void stop() {
        if (embedded() && Files.exists(settings.postgresData())) {
            primary().stop();
        }
        if (embedded() && Files.exists(settings.postgresStandbyData())) {
            standby().stop();
        }
    }

    boolean running() {
        if (!embedded()) {
            return true;
        }
        return Files.exists(settings.postgresData()) && primary().isRunning();
    }

    /** The standby's state for {@code status}: UP when it streams, empty with an external database. */
    Optional<String> standbyState() {
        if (!embedded()) {
            return Optional.empty();
        }
        if (!Files.exists(settings.postgresStandbyData()) || !standby().server().isRunning()) {
            return Optional.of("STOPPED");
        }
        return Optional.of(standby().isStreaming() ? "UP" : "NOT STREAMING");
    }

    private PostgresServer primary() {
        return PostgresServer.existing(settings.postgresBinaries(), settings.postgresData(), settings.databasePort());
    }

    private StreamingStandby standby() {
        return StreamingStandby.existing(primary(), STANDBY_NAME, settings.postgresStandbyData(), settings.standbyPort());
    }

    /** Creates the databases that do not exist yet; existing ones and their data are kept. */
    void createDatabases() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"))) {
            for (String database : databaseNames()) {
                try (var query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    query.setString(1, database);
                    if (query.executeQuery().next()) {
                        continue;
                    }
                }
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE \"" + database + "\"");
                }
            }
        }
    }

    private Iterable<String> databaseNames() {
        var names = new java.util.ArrayList<String>();
        names.add(PlatformSettings.AUTH_DATABASE);
        settings.existingServices().forEach(service -> names.add(service.database()));
        if (settings.legacyDatabaseWanted()) {
            names.add(PlatformSettings.LEGACY_DATABASE);
        }
        return names;
    }

    /** One database of the platform's server, for the launcher's own work in it (the tokens). */
    DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl(database));
        return dataSource;
    }

    /** JDBC URL of one database of the platform's server, with the credentials of the server URL. */
    String jdbcUrl(String database) {
        if (embedded()) {
            return "jdbc:postgresql://127.0.0.1:" + settings.databasePort() + "/" + database + "?user=" + PostgresServer.SUPERUSER;
        }
        JdbcParts parts = JdbcParts.parse(settings.externalDatabaseUrl().orElseThrow());
        return parts.withDatabase(database);
    }

    /** JDBC URL of the embedded standby's maintenance database {@code postgres}; empty with an external database. */
    Optional<String> standbyJdbcUrl() {
        if (!embedded()) {
            return Optional.empty();
        }
        return Optional.of("jdbc:postgresql://127.0.0.1:" + settings.standbyPort() + "/postgres?user=" + PostgresServer.SUPERUSER);
    }

    /** A libpq connection string for psql, for the maintenance database {@code postgres}. */
    String libpqConnectionString() {
        if (embedded()) {
            return "host=127.0.0.1 port=" + settings.databasePort() + " dbname=postgres user=" + PostgresServer.SUPERUSER;
        }
        return JdbcParts.parse(settings.externalDatabaseUrl().orElseThrow()).libpq();
    }

    /** The pieces of {@code jdbc:postgresql://host:port/database?user=...&password=...}. */
    record JdbcParts(String host, int port, String database, Map<String, String> parameters) {
        static JdbcParts parse(String jdbcUrl) {
            if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("GRANARY_DB_URL must look like jdbc:postgresql://host:5432/postgres?user=...: " + jdbcUrl);
            }
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            Map<String, String> parameters = new LinkedHashMap<>();
            Optional.ofNullable(uri.getRawQuery()).ifPresent(query -> {
                for (String pair : query.split("&", -1)) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int equals = pair.indexOf('=');
                    parameters.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
                }
            });
            String path = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            return new JdbcParts(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path, parameters);
        }

        String withDatabase(String other) {
            StringBuilder url = new StringBuilder("jdbc:postgresql://" + host + ":" + port + "/" + other);
            String separator = "?";
            for (var parameter : parameters.entrySet()) {
                url.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
                separator = "&";
            }
            return url.toString();
        }

        String libpq() {
            StringBuilder libpq = new StringBuilder("host=" + host + " port=" + port + " dbname=" + database);
            Optional.ofNullable(parameters.get("user")).ifPresent(user -> libpq.append(" user=").append(user));
            Optional.ofNullable(parameters.get("password")).ifPresent(password -> libpq.append(" password=").append(password));
            return libpq.toString();
        }
    }
}
