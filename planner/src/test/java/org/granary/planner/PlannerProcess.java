package org.granary.planner;

import java.nio.file.Path;
import java.util.Map;
import org.granary.ingest.RunningIngest;
import org.granary.platform.auth.ServiceName;
import org.granary.testing.ServiceJar;

/**
 * The planner as operators run it, for tests that kill it: a JVM running the built jar on its own
 * port, sharing a database (and so the work) with other instances.
 */
final class PlannerProcess implements AutoCloseable {
    private final ServiceJar jar;

    PlannerProcess(RunningIngest ingest, int port, Path home, String databaseUrl) {
        this.jar = new ServiceJar("planner", Path.of("target/planner-exec.jar"), home, port, "256m", Map.of(
                "SPRING_DATASOURCE_URL", databaseUrl,
                "GRANARY_AUTH_DATABASE_URL", ingest.archive().authDatabase(),
                "GRANARY_AUTH_SERVICE_TOKEN_FILE", ingest.archive().serviceTokenFile(ServiceName.PLANNER).toString(),
                "GRANARY_PLANNER_INGEST_URL", ingest.url(),
                "GRANARY_PLANNER_HOME", home.toString(),
                "GRANARY_PLANNER_LEASE", "3s",
                "GRANARY_PLANNER_SWEEP_INTERVAL", "500ms",
                "GRANARY_PLANNER_POLL_INTERVAL", "200ms",
                // each event taken in is logged: a test that waited in vain for a job tells whether its event came
                "LOGGING_LEVEL_ORG_GRANARY_PLANNER_CATALOGUE", "DEBUG"));
    }

    String url() {
        return jar.url();
    }

    /** Starts it and waits until it answers healthy (subscribed to ingest). */
    void start() throws Exception {
        jar.start();
    }

    /** SIGKILL: no shutdown hook; the PGE processes it started are left running. */
    void kill() throws InterruptedException {
        jar.kill();
    }

    @Override
    public void close() {
        jar.close();
    }
}
