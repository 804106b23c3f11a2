package org.granary.postgres;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresServerIT {
    @TempDir
    Path home;

    @Test
    void startsServesKeepsDataAcrossRestartAndStops() throws Exception {
        int port = freePort();
        var settings = new PostgresServer.Settings(home.resolve("binaries"), home.resolve("data"), port, Map.of("fsync", "off"));
        PostgresServer server = PostgresServer.start(settings);
        try (var connection = DriverManager.getConnection(server.jdbcUrl("postgres"));
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (value text)");
            statement.execute("INSERT INTO kept VALUES ('first run')");
            var result = statement.executeQuery("SHOW server_version");
            result.next();
            assertThat(result.getString(1)).startsWith("17.");
        }
        server.stop();
        assertThat(server.isRunning()).isFalse();

        PostgresServer again = PostgresServer.start(settings);
        try (var connection = DriverManager.getConnection(again.jdbcUrl("postgres"));
                var result = connection.createStatement().executeQuery("SELECT value FROM kept")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo("first run");
        } finally {
            again.stop();
        }
        assertThat(again.isRunning()).isFalse();
    }

    private static int freePort() {
        return FreePorts.outsideEphemeralRange();
    }
}
