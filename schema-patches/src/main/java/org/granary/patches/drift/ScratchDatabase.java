package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * An empty database on the same server as a target database, to apply the target's patches to
 * and read what they make. It is dropped on {@link #close()}; one that a crashed run left behind
 * is dropped by the next run once it is a day old, which its name tells:
 * {@code granary_scratch_<creation epoch seconds>_<random>}.
 *
 * <p>It is made from {@code template0} with the target's encoding and locale, not from
 * {@code template1}: whatever someone put in {@code template1} is not made by a patch, so it must
 * not count as expected. The target's role needs {@code CREATEDB}.
 */
public final class ScratchDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScratchDatabase.class);
    static final String PREFIX = "granary_scratch_";
    static final Duration LEFTOVER_AGE = Duration.ofDays(1);

    private final String targetJdbcUrl;
    private final String name;

    private ScratchDatabase(String targetJdbcUrl, String name) {
        this.targetJdbcUrl = requireNonNull(targetJdbcUrl, "targetJdbcUrl is null");
        this.name = requireNonNull(name, "name is null");
    }

    /**
     * The schema the patches applied to the target make: applies them to a scratch database with
     * {@link SchemaPatcher} and reads its catalog. The scratch database is dropped whatever happens.
     */
    public static CatalogSnapshot expectedSchema(String targetJdbcUrl, PatchSet applied) throws SQLException {
        try (ScratchDatabase scratch = create(targetJdbcUrl)) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(scratch.jdbcUrl());
            SchemaPatcher.apply(dataSource, applied, SchemaPatcher.Options.defaults());
            try (Connection connection = DriverManager.getConnection(scratch.jdbcUrl())) {
                return CatalogSnapshot.read(connection);
            }
        }
    }

    /** Creates an empty scratch database beside the target's, first dropping old leftovers. */
    public static ScratchDatabase create(String targetJdbcUrl) throws SQLException {
        String name = PREFIX + Instant.now().getEpochSecond() + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection connection = DriverManager.getConnection(targetJdbcUrl);
                Statement statement = connection.createStatement()) {
            dropLeftovers(connection, Instant.now());
            String encodingAndLocale;
            try (ResultSet row = statement.executeQuery("""
                    SELECT format('ENCODING %L LOCALE_PROVIDER libc LC_COLLATE %L LC_CTYPE %L',
                                  pg_encoding_to_char(encoding), datcollate, datctype)
                    FROM pg_database WHERE datname = current_database()""")) {
                row.next();
                encodingAndLocale = row.getString(1);
            }
            statement.execute("CREATE DATABASE " + name + " TEMPLATE template0 " + encodingAndLocale);
        }
        log.debug("created scratch database {}", name);
        return new ScratchDatabase(targetJdbcUrl, name);
    }

    /**
     * Drops the scratch databases made before {@code now} minus a day and returns their names. One
     * it may not drop (another role's) is left with a warning: it must not stop this run.
     */
    public static List<String> dropLeftovers(Connection connection, Instant now) throws SQLException {
        List<String> old = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'granary\\_scratch\\_%'")) {
            while (rows.next()) {
                Instant created = createdAt(rows.getString(1));
                if (created != null && created.isBefore(now.minus(LEFTOVER_AGE))) {
                    old.add(rows.getString(1));
                }
            }
        }
        List<String> dropped = new ArrayList<>();
        for (String leftover : old) {
            try {
                drop(connection, leftover);
                dropped.add(leftover);
                log.info("dropped scratch database {}, left behind by a run that did not finish", leftover);
            } catch (SQLException e) {
                log.warn("cannot drop scratch database {} left behind by an earlier run: {}", leftover, e.getMessage());
            }
        }
        return dropped;
    }

    public String name() {
        return name;
    }

    /** The target's URL with this database's name in it, with the same user, password and options. */
    public String jdbcUrl() {
        return withDatabase(targetJdbcUrl, name);
    }

    /** Drops the database, ending any session still connected to it. */
    @Override
    public void close() throws SQLException {
        try (Connection connection = DriverManager.getConnection(targetJdbcUrl)) {
            drop(connection, name);
        }
        log.debug("dropped scratch database {}", name);
    }

    private static void drop(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name.replace("\"", "\"\"") + "\" WITH (FORCE)");
        }
    }

    /** The creation time in a scratch database's name, or null when the name does not hold one. */
    static Instant createdAt(String databaseName) {
        if (!databaseName.startsWith(PREFIX)) {
            return null;
        }
        String rest = databaseName.substring(PREFIX.length());
        int end = rest.indexOf('_');
        try {
            return Instant.ofEpochSecond(Long.parseLong(end < 0 ? rest : rest.substring(0, end)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Replaces the database in a PostgreSQL JDBC URL, keeping hosts, ports and query parameters:
     * {@code jdbc:postgresql://db:5432/archive?user=dba} becomes {@code jdbc:postgresql://db:5432/other?user=dba}.
     */
    static String withDatabase(String jdbcUrl, String database) {
        String prefix = "jdbc:postgresql:";
        if (!jdbcUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        int query = jdbcUrl.indexOf('?');
        String parameters = query < 0 ? "" : jdbcUrl.substring(query);
        String location = jdbcUrl.substring(prefix.length(), query < 0 ? jdbcUrl.length() : query);
        if (!location.startsWith("//")) {
            return prefix + database + parameters; // jdbc:postgresql:database, on localhost
        }
        int path = location.indexOf('/', 2);
        String hosts = path < 0 ? location : location.substring(0, path);
        return prefix + hosts + "/" + database + parameters;
    }
}
