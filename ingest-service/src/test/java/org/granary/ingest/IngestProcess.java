package org.granary.ingest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.granary.testing.ServiceJar;

/**
 * ingest-service as operators run it, for tests that must kill it: a JVM running the built jar on
 * its own port, database and home, so that SIGKILL hits the service and not the test.
 */
final class IngestProcess implements AutoCloseable {
    private final Path home;
    private final ServiceJar jar;

    /** {@code environment}: the database, token and archive settings it runs with, every start. */
    IngestProcess(int port, Path home, Map<String, String> environment) {
        this.home = home;
        Map<String, String> all = new HashMap<>(environment);
        all.put("GRANARY_INSTANCE_HOME", home.toString());
        this.jar = new ServiceJar("ingest-service", Path.of("target/ingest-service-exec.jar"), home, port, "256m", all);
    }

    String url() {
        return jar.url();
    }

    Path spool() {
        return home.resolve("spool");
    }

    /** Starts it and waits until it answers healthy. */
    void start() throws Exception {
        jar.start();
    }

    /** SIGKILL: no shutdown hook, no graceful end of the requests in flight. */
    void kill() throws InterruptedException {
        jar.kill();
    }

    @Override
    public void close() {
        jar.close();
    }
}
