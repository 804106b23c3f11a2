package org.granary.ops.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What each service is started with: the planner finds ingest, and ingest lets the planner's loopback callback in. */
class ServiceEnvironmentTest {
    @TempDir
    Path root;

    @BeforeEach
    void sourceTreeWithIngestPlannerAndArchive() throws IOException {
        for (String module : List.of("ingest-service", "planner", "archive-store")) {
            Files.createDirectories(root.resolve(module));
            Files.writeString(root.resolve(module).resolve("pom.xml"), "<project/>");
        }
    }

    @Test
    void thePlannerIsToldIngestsUrlAndKeepsItsStateInItsInstanceHome() {
        PlatformSettings settings = PlatformSettings.fromEnvironment(root, Map.of("GRANARY_INGEST_SERVICE_PORT", "18080"));
        Map<String, String> planner = environment(settings).of(service(settings, "planner"));

        assertThat(planner).containsEntry("GRANARY_PLANNER_INGEST_URL", "http://127.0.0.1:18080")
                .containsEntry("GRANARY_INSTANCE_HOME", settings.home().resolve("services/planner").toString())
                .containsEntry("GRANARY_AUTH_SERVICE_TOKEN_FILE", settings.home().resolve("tokens/planner").toString())
                .doesNotContainKey("GRANARY_INGEST_EVENTS_CALLBACK_ALLOW_LIST");
    }

    @Test
    void ingestMayCallThePlannerBackOnLoopbackBesidesWhatTheOperatorAllowed() {
        PlatformSettings settings = PlatformSettings.fromEnvironment(root, Map.of("GRANARY_PLANNER_PORT", "18081",
                "GRANARY_INGEST_EVENTS_CALLBACK_ALLOW_LIST", "events.example.org, 127.0.0.1:18081"));
        Map<String, String> ingest = environment(settings).of(service(settings, "ingest-service"));

        assertThat(ingest).containsEntry("GRANARY_INGEST_EVENTS_CALLBACK_ALLOW_LIST", "events.example.org,127.0.0.1:18081")
                .doesNotContainKey("GRANARY_PLANNER_INGEST_URL");
        PlatformSettings plain = PlatformSettings.fromEnvironment(root, Map.of());
        assertThat(environment(plain).of(service(plain, "ingest-service"))).containsEntry("GRANARY_INGEST_EVENTS_CALLBACK_ALLOW_LIST", "127.0.0.1:8081");
    }

    private static ServiceEnvironment environment(PlatformSettings settings) {
        return new ServiceEnvironment(settings, new PlatformDatabase(settings));
    }

    private static ServiceInstance service(PlatformSettings settings, String name) {
        return settings.existingServices().stream().filter(service -> service.name().equals(name)).findFirst().orElseThrow();
    }
}
