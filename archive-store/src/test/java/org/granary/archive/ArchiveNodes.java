package org.granary.archive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.granary.archive.client.ArchiveClient;
import org.granary.platform.auth.ServiceName;
import org.granary.platform.auth.TokenBootstrap;
import org.granary.postgres.FreePorts;
import org.granary.postgres.TemporaryPostgres;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Real archive nodes for tests: each a JVM running the built jar, with its own database, volume
 * and port, sharing one token database; they can be stopped, SIGKILLed and restarted with their
 * data. Started nodes are stopped when the fixture closes.
 *
 * <p>As the launcher does, the fixture makes the tokens itself before any node starts: the admin
 * token (for the tests), the nodes' service token (the only token a node holds, for its peers),
 * and on request the service token of a service tested with the nodes ({@link #serviceTokenFile}).
 */
public final class ArchiveNodes implements AutoCloseable {
    /** The node jar, from this module's tests or from those of a module beside it. */
    private static final Path JAR = java.util.stream.Stream.of("target/archive-store-exec.jar", "../archive-store/target/archive-store-exec.jar")
            .map(candidate -> Path.of(candidate).toAbsolutePath().normalize()).filter(Files::isRegularFile).findFirst()
            .orElseThrow(() -> new IllegalStateException("build archive-store first: no archive-store-exec.jar"));

    private final Path home;
    private final String authDatabase = TemporaryPostgres.freshDatabase("archive_auth");
    private final PGSimpleDataSource authDataSource = new PGSimpleDataSource();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    public record Node(String id, int port, String database, Path home) {
        public String url() {
            return "http://127.0.0.1:" + port;
        }

        public Path volume() {
            return home.resolve("volumes/v1");
        }

        public Path objectFile(String checksum) {
            return volume().resolve("objects").resolve(checksum.substring(0, 2)).resolve(checksum.substring(2, 4)).resolve(checksum);
        }
    }

    private final Map<String, Process> processes = new LinkedHashMap<>();

    public ArchiveNodes(Path home) {
        this.home = home;
        authDataSource.setURL(authDatabase);
        TokenBootstrap.ensureAdminToken(authDataSource, adminTokenFile());
        serviceTokenFile(ServiceName.ARCHIVE_STORE);
    }

    /** Declares a node (its port and database) without starting it. */
    public Node define(String id) throws IOException {
        Node node = new Node(id, FreePorts.outsideEphemeralRange(), TemporaryPostgres.freshDatabase("archive_" + id), home.resolve(id));
        nodes.put(id, node);
        return node;
    }

    /** Defines and starts archive-1 and archive-2, each seeded with both: the R = 2 cluster services are tested with. */
    public static ArchiveNodes startTwo(Path home) throws Exception {
        ArchiveNodes nodes = new ArchiveNodes(home);
        List<String> both = List.of("archive-1", "archive-2");
        for (String id : both) {
            nodes.define(id);
        }
        for (String id : both) {
            nodes.start(id, both);
        }
        return nodes;
    }

    public Node node(String id) {
        return nodes.get(id);
    }

    /** Starts a node whose first map holds the given seed nodes, and waits until it is healthy. */
    public void start(String id, List<String> seedIds) throws Exception {
        start(id, seedIds, Map.of());
    }

    /** As {@link #start(String, List)}, with extra environment (more volumes, other settings). */
    public void start(String id, List<String> seedIds, Map<String, String> extraEnvironment) throws Exception {
        start(id, seedIds, extraEnvironment, List.of());
    }

    /**
     * As {@link #start(String, List, Map)}, the node's {@code java} command run by {@code wrapper}
     * (a command that ends by executing its arguments, such as {@code unshare} with mounts of its own).
     */
    public void start(String id, List<String> seedIds, Map<String, String> extraEnvironment, List<String> wrapper) throws Exception {
        Node node = nodes.get(id);
        Files.createDirectories(node.home());
        List<String> seeds = seedIds.stream().map(seed -> seed + "=" + nodes.get(seed).url()).toList();
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.home().resolve("node.log").toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("SERVER_PORT", String.valueOf(node.port()));
        environment.put("SPRING_DATASOURCE_URL", node.database());
        environment.put("GRANARY_AUTH_DATABASE_URL", authDatabase);
        environment.put("GRANARY_AUTH_SERVICE_TOKEN_FILE", serviceTokenFile(ServiceName.ARCHIVE_STORE).toString());
        environment.put("GRANARY_INSTANCE_NAME", id);
        environment.put("GRANARY_INSTANCE_HOME", node.home().toString());
        environment.put("GRANARY_ARCHIVE_CLUSTER_SEED_NODES", String.join(",", seeds));
        environment.put("GRANARY_ARCHIVE_CLUSTER_GOSSIP_INTERVAL", "500ms");
        environment.put("GRANARY_ARCHIVE_SCRUB_ENABLED", "false");
        environment.putAll(extraEnvironment);
        processes.put(id, builder.start());
        awaitHealthy(node);
    }

    /** The node's process id (that of its wrapper, which became the node). */
    public long pid(String id) {
        return processes.get(id).pid();
    }

    public void kill(String id) throws InterruptedException {
        Process process = processes.remove(id);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public void stop(String id) throws InterruptedException {
        Process process = processes.remove(id);
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The token database the nodes share; a service tested with them uses it too. */
    public String authDatabase() {
        return authDatabase;
    }

    public Path adminTokenFile() {
        return home.resolve("admin-token");
    }

    /** The file holding a live service token of {@code service} (made on first call), as the launcher gives each service. */
    public Path serviceTokenFile(ServiceName service) {
        Path file = home.resolve("tokens").resolve(service.label());
        TokenBootstrap.ensureServiceToken(authDataSource, service, file);
        return file;
    }

    /** The secret of {@code service}'s token, for a test that calls as that service. */
    public String serviceToken(ServiceName service) throws IOException {
        return Files.readString(serviceTokenFile(service)).strip();
    }

    public String adminToken() throws IOException {
        return Files.readString(adminTokenFile()).strip();
    }

    public ArchiveClient client() throws IOException {
        return client(Duration.ofMillis(100));
    }

    public ArchiveClient client(Duration mapMaxAge) throws IOException {
        return new ArchiveClient(nodes.values().stream().map(Node::url).toList(), adminToken(), mapMaxAge);
    }

    public HttpClient http() {
        return http;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A node's answer to a GET with the admin token, or "" while it does not answer: for polling. */
    public String body(String id, String path) {
        try {
            return send(request(id, path).GET()).body();
        } catch (Exception notAnswering) {
            return "";
        }
    }

    public HttpRequest.Builder request(String id, String path) throws IOException {
        return HttpRequest.newBuilder(URI.create(nodes.get(id).url() + path)).header("Authorization", "Bearer " + adminToken());
    }

    /** Flips the lowest bit of the byte at {@code offset} of a file, as a failing disk does. */
    public static void flipByte(Path file, long offset) throws IOException {
        try (java.io.RandomAccessFile open = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            open.seek(offset);
            int value = open.read();
            open.seek(offset);
            open.write(value ^ 0x01);
        }
    }

    /** Waits until {@code condition} holds, for background work that a test started. */
    public static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private void awaitHealthy(Node node) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            Process process = processes.get(node.id());
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + node.id() + " exited; see " + node.home().resolve("node.log"));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("node " + node.id() + " did not become healthy; see " + node.home().resolve("node.log"));
    }

    @Override
    public void close() {
        for (Process process : new ArrayList<>(processes.values())) {
            process.destroyForcibly();
        }
        processes.clear();
    }
}
