package org.granary.platform.auth;

import com.zaxxer.hikari.HikariDataSource;
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

    private final DSLContext context;
    private final HikariDataSource ownPool;

    private AuthDatabase(DSLContext context, HikariDataSource ownPool) {
        this.context = context;
        this.ownPool = ownPool;
    }

    static AuthDatabase open(AuthProperties properties, DataSource serviceDataSource, io.micrometer.core.instrument.MeterRegistry metrics) {
        HikariDataSource ownPool = properties.ownDatabase() ? pool(properties, metrics) : null;
        DataSource dataSource = ownPool != null ? ownPool : serviceDataSource;
        try {
            SchemaPatcher.apply(dataSource, PatchSet.fromClasspath(COMPONENT, "db/patches/auth", AuthDatabase.class.getClassLoader()),
                    SchemaPatcher.Options.defaults());
        } catch (RuntimeException e) {
            if (ownPool != null) {
                ownPool.close();
            }
            throw e;
        }
        return new AuthDatabase(DSL.using(dataSource, SQLDialect.POSTGRES), ownPool);
    }

    DSLContext context() {
        return context;
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    private static HikariDataSource pool(AuthProperties properties, io.micrometer.core.instrument.MeterRegistry metrics) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("auth");
        // Made outside Spring, so its metrics (hikaricp_*{pool="auth"}) are registered here.
        pool.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(metrics));
        pool.setJdbcUrl(properties.databaseUrl());
        if (!properties.databaseUser().isBlank()) {
            pool.setUsername(properties.databaseUser());
            pool.setPassword(properties.databasePassword());
        }
        pool.setMaximumPoolSize(8);
        return pool;
    }
}
