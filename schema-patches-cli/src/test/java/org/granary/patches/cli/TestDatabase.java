package org.granary.patches.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.granary.postgres.TemporaryPostgres;

/** A fresh database of the test JVM's PostgreSQL server, with what the tests do to it. */
record TestDatabase(String jdbcUrl) {
    static TestDatabase fresh(String hint) {
        return new TestDatabase(TemporaryPostgres.freshDatabase(hint));
    }

    /** A login role of the server; roles belong to the server, so made once whatever the test. */
    static void createRole(String name, String attributes) throws SQLException {
        new TestDatabase(TemporaryPostgres.server().jdbcUrl("postgres")).execute("DO $$ BEGIN CREATE ROLE " + name + " LOGIN "
                + attributes + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    }

    String urlAs(String role) {
        return jdbcUrl.replace("user=postgres", "user=" + role);
    }

    void execute(String sql) throws SQLException {
        executeAs("postgres", sql);
    }

    void executeAs(String role, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(urlAs(role)); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of each row, as text. */
    List<String> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl); var rows = connection.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    /** The ledger rows of the test component: {@code name|drift_allowed|stage}, in the order applied. */
    List<String> ledger() throws SQLException {
        if (query("SELECT to_regclass('granary_patches.ledger')::text").getFirst() == null) {
            return List.of();
        }
        return query("SELECT patch_name || '|' || drift_allowed || '|' || coalesce(stage, '-') FROM granary_patches.ledger"
                + " WHERE component = '" + PatchFiles.COMPONENT + "' ORDER BY applied_at, patch_name");
    }

    List<String> columns(String table) throws SQLException {
        return query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '"
                + table + "' ORDER BY ordinal_position");
    }
}
