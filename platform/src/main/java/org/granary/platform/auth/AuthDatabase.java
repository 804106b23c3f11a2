package org.granary.platform.auth;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The database holding the tokens: the shared one named by {@code granary.auth.database-url}, or
 * the service's own. Opening it applies the auth patches (component {@code auth}), so whichever
 * service starts first creates the tables; the patcher's lock makes concurrent starts safe.
 */
final class AuthDatabase implements AutoCloseable {
    static final String COMPONENT = "auth";

    /** Opens a connection of its own, outside any pool: the revocation listener keeps one open. */
    @FunctionalInterface
    interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    private final DSLContext context;
    private final ConnectionOpener dedicatedConnections;
    private final HikariDataSource ownPool;

    private AuthDatabase(DSLContext context, ConnectionOpener dedicatedConnections, HikariDataSource ownPool) {
        this.context = context;
        this.dedicatedConnections = dedicatedConnections;
        this.ownPool = ownPool;
    }

    static AuthDatabase open(AuthProperties properties, DataSource serviceDataSource, MeterRegistry metrics) {
        HikariDataSource ownPool = properties.ownDatabase() ? pool(properties, metrics) : null;
        DataSource dataSource = ownPool != null ? ownPool : serviceDataSource;
        try {
            patch(dataSource);
        } catch (RuntimeException e) {
            if (ownPool != null) {
                ownPool.close();
            }
            throw e;
        }
        return new AuthDatabase(DSL.using(dataSource, SQLDialect.POSTGRES), dedicatedConnections(dataSource), ownPool);
    }

    /** The tokens in {@code dataSource}, patched; for the bootstrap, which needs no listener. */
    static AuthDatabase on(DataSource dataSource) {
        patch(dataSource);
        return new AuthDatabase(DSL.using(dataSource, SQLDialect.POSTGRES), dataSource::getConnection, null);
    }

    DSLContext context() {
        return context;
    }

    Connection openDedicatedConnection() throws SQLException {
        return dedicatedConnections.open();
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    private static void patch(DataSource dataSource) {
        SchemaPatcher.apply(dataSource, PatchSet.fromClasspath(COMPONENT, "db/patches/auth", AuthDatabase.class.getClassLoader()),
                SchemaPatcher.Options.defaults());
    }

    /**
     * Connections to the database behind a Hikari pool, made with the pool's settings but not
     * taken from it: a connection held for good would be missing from the pool and shown as busy.
     */
    private static ConnectionOpener dedicatedConnections(DataSource dataSource) {
        HikariDataSource hikari;
        try {
            hikari = dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            hikari = null;
        }
        if (hikari == null || hikari.getJdbcUrl() == null) {
            return dataSource::getConnection;
        }
        String url = hikari.getJdbcUrl();
        Properties settings = new Properties();
        settings.putAll(hikari.getDataSourceProperties());
        if (hikari.getUsername() != null) {
            settings.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
            settings.setProperty("password", hikari.getPassword());
        }
        settings.setProperty("ApplicationName", "granary revocation listener");
        settings.setProperty("tcpKeepAlive", "true");
        settings.setProperty("connectTimeout", "10");
        return () -> DriverManager.getConnection(url, settings);
    }

    private static HikariDataSource pool(AuthProperties properties, MeterRegistry metrics) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("auth");
        // Made outside Spring, so its metrics (hikaricp_*{pool="auth"}) are registered here.
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        pool.setJdbcUrl(properties.databaseUrl());
        if (!properties.databaseUser().isBlank()) {
            pool.setUsername(properties.databaseUser());
            pool.setPassword(properties.databasePassword());
        }
        pool.setMaximumPoolSize(8);
        return pool;
    }
}
