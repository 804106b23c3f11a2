package org.granary.ops.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.postgres.PostgresServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The clusters file db-monitor watches ({@code $GRANARY_HOME/var/db-monitor/clusters.json}), as
 * {@code up} leaves it: the platform's own PostgreSQL is in it (the embedded primary with its
 * standby, or the external server), and with {@code --demo} a few clusters of other stages; each
 * only when the file has no cluster of that name, so an operator's edits stay. The password of an
 * external server is never written: the file names {@code env:GRANARY_DB_MONITOR_PASSWORD}, which
 * the launcher gives db-monitor's process.
 */
final class MonitoredClusters {
    static final String PLATFORM_CLUSTER = "granary";
    static final String PASSWORD_VARIABLE = "GRANARY_DB_MONITOR_PASSWORD";
    /** As db-monitor's README tells a DBA to make it. */
    private static final String HEARTBEAT_TABLE = "CREATE TABLE IF NOT EXISTS granary_heartbeat (source text PRIMARY KEY, written_at timestamptz NOT NULL)";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final PlatformSettings settings;
    private final PlatformDatabase database;

    MonitoredClusters(PlatformSettings settings, PlatformDatabase database) {
        this.settings = settings;
        this.database = database;
    }

    /** Where db-monitor's clusters file is; empty when the platform has no db-monitor. */
    Optional<Path> file() {
        return settings.existingServices().stream().filter(service -> service.module().equals("db-monitor")).findFirst()
                .map(service -> settings.serviceHome(service).resolve("clusters.json"));
    }

    /**
     * Adds what is missing to the file (a file an operator broke is left alone: db-monitor says
     * what is wrong), and makes the heartbeat table in the embedded server's {@code postgres}.
     */
    void ensure(boolean demo) throws IOException, SQLException {
        Optional<Path> file = file();
        if (file.isEmpty()) {
            return;
        }
        if (database.embedded()) {
            try (Connection connection = database.dataSource("postgres").getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(HEARTBEAT_TABLE);
            }
        }
        ObjectNode content;
        try {
            content = Files.exists(file.get()) ? (ObjectNode) JSON.readTree(file.get()) : JSON.createObjectNode();
        } catch (RuntimeException unreadable) {
            return;
        }
        ArrayNode clusters = content.has("clusters") ? (ArrayNode) content.get("clusters") : content.putArray("clusters");
        boolean changed = addIfAbsent(clusters, platformCluster());
        if (demo) {
            for (ObjectNode cluster : demoClusters()) {
                changed |= addIfAbsent(clusters, cluster);
            }
        }
        if (changed || !Files.exists(file.get())) {
            write(file.get(), content);
        }
    }

    /** What db-monitor's process needs to connect: the external server's password, when its URL has one. */
    Map<String, String> environment() {
        if (database.embedded()) {
            return Map.of();
        }
        return Optional.ofNullable(externalParts().parameters().get("password")).map(password -> Map.of(PASSWORD_VARIABLE, password))
                .orElse(Map.of());
    }

    private ObjectNode platformCluster() {
        if (database.embedded()) {
            return cluster(PLATFORM_CLUSTER, "operations", node("granary-1", settings.databasePort(), "postgres", "primary"),
                    node("granary-2", settings.standbyPort(), "postgres", "standby"));
        }
        PlatformDatabase.JdbcParts parts = externalParts();
        ObjectNode primary = JSON.createObjectNode().put("name", "granary-1").put("host", parts.host()).put("port", parts.port())
                .put("database", parts.database()).put("user", parts.parameters().getOrDefault("user", "postgres")).put("role", "primary");
        if (parts.parameters().containsKey("password")) {
            primary.put("password", "env:" + PASSWORD_VARIABLE);
        }
        return cluster(PLATFORM_CLUSTER, "operations", primary);
    }

    /**
     * Other stages, as more clusters made of the same servers: a newcomer sees several at once.
     * Each polls the maintenance database {@code postgres}, where the heartbeat table is, never a
     * service's database, whose schema is its patches'.
     */
    private List<ObjectNode> demoClusters() {
        if (!database.embedded()) {
            return List.of();
        }
        return List.of(
                cluster("omi-testing", "testing", node("omi-test-1", settings.databasePort(), "postgres", "primary"),
                        node("omi-test-2", settings.standbyPort(), "postgres", "standby")),
                cluster("omi-development", "development", node("omi-dev-1", settings.databasePort(), "postgres", "primary")));
    }

    private PlatformDatabase.JdbcParts externalParts() {
        return PlatformDatabase.JdbcParts.parse(settings.externalDatabaseUrl().orElseThrow());
    }

    private static ObjectNode node(String name, int port, String databaseName, String role) {
        return JSON.createObjectNode().put("name", name).put("host", "127.0.0.1").put("port", port).put("database", databaseName)
                .put("user", PostgresServer.SUPERUSER).put("role", role);
    }

    private static ObjectNode cluster(String name, String stage, ObjectNode... nodes) {
        ObjectNode cluster = JSON.createObjectNode().put("name", name).put("stage", stage);
        ArrayNode list = cluster.putArray("nodes");
        for (ObjectNode node : nodes) {
            list.add(node);
        }
        return cluster;
    }

    private static boolean addIfAbsent(ArrayNode clusters, ObjectNode cluster) {
        for (JsonNode existing : clusters) {
            if (existing.path("name").asString("").equals(cluster.get("name").asString())) {
                return false;
            }
        }
        clusters.add(cluster);
        return true;
    }

    private static void write(Path file, ObjectNode content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".clusters", ".json");
        try {
            Files.write(temporary, JSON.writeValueAsBytes(content));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
