package org.granary.patches.drift;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.granary.patches.ApplyResult;
import org.granary.patches.Patch;
import org.granary.patches.PatchSet;
import org.granary.patches.SchemaPatcher;
import org.granary.postgres.TemporaryPostgres;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh database of the test server, with the few things the drift tests do to it. */
record TestDatabase(String jdbcUrl) {
    static TestDatabase fresh(String hint) {
        return new TestDatabase(TemporaryPostgres.freshDatabase(hint));
    }

    /** Patches named 0001-patch.sql, 0002-patch.sql, ... in the order given. */
    static PatchSet patches(String... sql) {
        List<Patch> patches = new ArrayList<>();
        for (int i = 0; i < sql.length; i++) {
            patches.add(new Patch("%04d-patch.sql".formatted(i + 1), sql[i]));
        }
        return new PatchSet("granules", patches);
    }

    /** Creates a login role once per server; roles belong to the server, not to a database. */
    static void createRole(String name, String attributes) throws SQLException {
        TestDatabase postgres = new TestDatabase(TemporaryPostgres.server().jdbcUrl("postgres"));
        postgres.execute("DO $$ BEGIN CREATE ROLE " + name + " LOGIN " + attributes
                + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    }

    ApplyResult apply(PatchSet patches) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        var options = new SchemaPatcher.Options(Duration.ofSeconds(5), Duration.ofMinutes(1), "tester", "test-host");
        return SchemaPatcher.apply(dataSource, patches, options);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }

    /** A connection as another role of the server, by replacing the URL's user. */
    Connection connectAs(String role) throws SQLException {
        return DriverManager.getConnection(jdbcUrl.replace("user=postgres", "user=" + role));
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    void executeAs(String role, String sql) throws SQLException {
        try (Connection connection = connectAs(role); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    CatalogSnapshot snapshot() throws SQLException {
        try (Connection connection = connect()) {
            return CatalogSnapshot.read(connection);
        }
    }

    List<String> query(String sql) throws SQLException {
        try (Connection connection = connect(); var rows = connection.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
