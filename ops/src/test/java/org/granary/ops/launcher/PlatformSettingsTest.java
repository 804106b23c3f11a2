package org.granary.ops.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformSettingsTest {
    private static final Path ROOT = Path.of("/src/granary");

    @Test
    void defaultsRunEverythingFromVarOnTheDocumentedPorts() {
        PlatformSettings settings = PlatformSettings.fromEnvironment(ROOT, Map.of());

        assertThat(settings.home()).isEqualTo(Path.of("/src/granary/var"));
        assertThat(settings.externalDatabaseUrl()).isEmpty();
        assertThat(settings.databasePort()).isEqualTo(15432);
        assertThat(settings.standbyPort()).isEqualTo(15433);
        assertThat(settings.postgresStandbyData()).isEqualTo(Path.of("/src/granary/var/postgres/standby/data"));
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.callbackAllowList()).isEmpty();
        assertThat(settings.services()).extracting(ServiceInstance::name, ServiceInstance::port).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ingest-service", 8080),
                org.assertj.core.groups.Tuple.tuple("planner", 8081),
                org.assertj.core.groups.Tuple.tuple("metadata-sync", 8082),
                org.assertj.core.groups.Tuple.tuple("db-monitor", 8083),
                org.assertj.core.groups.Tuple.tuple("archive-1", 8090),
                org.assertj.core.groups.Tuple.tuple("archive-2", 8091));
        assertThat(settings.adminTokenFile()).isEqualTo(Path.of("/src/granary/var/admin-token"));
        assertThat(settings.serviceTokenFile(settings.services().getLast())).as("one token per instance")
                .isEqualTo(Path.of("/src/granary/var/tokens/archive-2"));
    }

    @Test
    void environmentOverridesHomeDatabasePortsAndTimeout() {
        PlatformSettings settings = PlatformSettings.fromEnvironment(ROOT, Map.of(
                "GRANARY_HOME", "/data/granary",
                "GRANARY_DB_URL", "jdbc:postgresql://db1:5433/postgres?user=granary&password=s3cret",
                "GRANARY_DB_PORT", "25432",
                "GRANARY_ARCHIVE_2_PORT", "9191",
                "GRANARY_START_TIMEOUT_SECONDS", "60",
                "GRANARY_JAVA_OPTS", "-Xmx1g",
                "GRANARY_INGEST_EVENTS_CALLBACK_ALLOW_LIST", " events.example.org,,[::1]:9000 "));

        assertThat(settings.home()).isEqualTo(Path.of("/data/granary"));
        assertThat(settings.externalDatabaseUrl()).hasValue("jdbc:postgresql://db1:5433/postgres?user=granary&password=s3cret");
        assertThat(settings.databasePort()).isEqualTo(25432);
        assertThat(settings.standbyPort()).as("the database's port + 1 unless told").isEqualTo(25433);
        assertThat(settings.services().getLast().port()).isEqualTo(9191);
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.javaOptions()).isEqualTo("-Xmx1g");
        assertThat(settings.callbackAllowList()).containsExactly("events.example.org", "[::1]:9000");
    }

    @Test
    void theStandbyPortCanBeSetApartFromTheDatabasePort() {
        PlatformSettings settings = PlatformSettings.fromEnvironment(ROOT, Map.of("GRANARY_DB_PORT", "25432", "GRANARY_DB_STANDBY_PORT", "26000"));

        assertThat(settings.standbyPort()).isEqualTo(26000);
    }

    @Test
    void anExternalServerGivesEachServiceItsDatabaseWithTheSameCredentials() {
        PlatformSettings settings = PlatformSettings.fromEnvironment(ROOT,
                Map.of("GRANARY_DB_URL", "jdbc:postgresql://db1:5433/postgres?user=granary&password=s3cret"));
        PlatformDatabase database = new PlatformDatabase(settings);

        assertThat(database.embedded()).isFalse();
        assertThat(database.jdbcUrl("granary_ingest")).isEqualTo("jdbc:postgresql://db1:5433/granary_ingest?user=granary&password=s3cret");
        assertThat(database.libpqConnectionString()).isEqualTo("host=db1 port=5433 dbname=postgres user=granary password=s3cret");
        assertThat(database.standbyJdbcUrl()).as("no standby of an external server").isEmpty();
        assertThat(database.standbyState()).isEmpty();
    }

    @Test
    void serviceNamesBecomeEnvironmentNames() {
        assertThat(new ServiceInstance("archive-1", "archive-store", 8090, "granary_archive_1").environmentName()).isEqualTo("ARCHIVE_1");
        assertThat(Launcher.shellQuote("it's")).isEqualTo("'it'\\''s'");
    }
}
