package org.granary.ops.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Everything the launcher is told by its environment: where the source tree and the state are,
 * which database, which ports. Every default can be overridden by a {@code GRANARY_*} variable.
 * The embedded database's streaming standby listens on {@code standbyPort}
 * ({@code GRANARY_DB_STANDBY_PORT}, by default the database's port + 1).
 * {@code callbackAllowList} ({@code GRANARY_INGEST_EVENTS_CALLBACK_ALLOW_LIST}) is what ingest may
 * call back besides the planners the launcher starts, which it adds.
 */
record PlatformSettings(
        Path root,
        Path home,
        Optional<String> externalDatabaseUrl,
        int databasePort,
        int standbyPort,
        List<ServiceInstance> services,
        Duration startTimeout,
        String javaOptions,
        List<String> callbackAllowList) {
    static final String AUTH_DATABASE = "granary_auth";
    /** The legacy metadata database that metadata-sync keeps in agreement with ingest's catalogue. */
    static final String LEGACY_DATABASE = "granary_legacy";

    PlatformSettings {
        requireNonNull(root, "root is null");
        requireNonNull(home, "home is null");
        requireNonNull(externalDatabaseUrl, "externalDatabaseUrl is null");
        services = List.copyOf(services);
        requireNonNull(startTimeout, "startTimeout is null");
        requireNonNull(javaOptions, "javaOptions is null");
        callbackAllowList = List.copyOf(callbackAllowList);
    }

    static PlatformSettings fromEnvironment(Path root, Map<String, String> environment) {
        Path home = Path.of(environment.getOrDefault("GRANARY_HOME", root.resolve("var").toString())).toAbsolutePath().normalize();
        List<ServiceInstance> services = List.of(
                instance(environment, "ingest-service", "ingest-service", 8080, "granary_ingest"),
                instance(environment, "planner", "planner", 8081, "granary_planner"),
                instance(environment, "metadata-sync", "metadata-sync", 8082, "granary_metadata_sync"),
                instance(environment, "db-monitor", "db-monitor", 8083, "granary_db_monitor"),
                instance(environment, "archive-1", "archive-store", 8090, "granary_archive_1"),
                instance(environment, "archive-2", "archive-store", 8091, "granary_archive_2"));
        int databasePort = Integer.parseInt(environment.getOrDefault("GRANARY_DB_PORT", "15432"));
        return new PlatformSettings(
                root.toAbsolutePath().normalize(),
                home,
                Optional.ofNullable(environment.get("GRANARY_DB_URL")).filter(url -> !url.isBlank()),
                databasePort,
                Integer.parseInt(environment.getOrDefault("GRANARY_DB_STANDBY_PORT", String.valueOf(databasePort + 1))),
                services,
                Duration.ofSeconds(Long.parseLong(environment.getOrDefault("GRANARY_START_TIMEOUT_SECONDS", "180"))),
                environment.getOrDefault("GRANARY_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC"),
                Arrays.stream(environment.getOrDefault("GRANARY_INGEST_EVENTS_CALLBACK_ALLOW_LIST", "").split(",")).map(String::strip)
                        .filter(entry -> !entry.isEmpty()).toList());
    }

    private static ServiceInstance instance(Map<String, String> environment, String name, String module, int port, String database) {
        String variable = "GRANARY_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
        return new ServiceInstance(name, module, Integer.parseInt(environment.getOrDefault(variable, String.valueOf(port))), database);
    }

    /** The services whose module is in this source tree; the others are not built yet. */
    List<ServiceInstance> existingServices() {
        return services.stream().filter(service -> service.exists(root)).toList();
    }

    /** The legacy database's patches (component {@code legacy}), kept with metadata-sync, which writes there. */
    Path legacyPatches() {
        return org.granary.ops.legacy.LegacyDatabase.patchFolder(root);
    }

    /** Whether {@code up} makes {@value #LEGACY_DATABASE}: when metadata-sync, which syncs it, is in this source tree. */
    boolean legacyDatabaseWanted() {
        return Files.isDirectory(legacyPatches());
    }

    Path logFile(ServiceInstance service) {
        return home.resolve("log").resolve(service.name() + ".log");
    }

    Path pidFile(ServiceInstance service) {
        return home.resolve("run").resolve(service.name() + ".pid");
    }

    Path serviceHome(ServiceInstance service) {
        return home.resolve("services").resolve(service.name());
    }

    Path adminTokenFile() {
        return home.resolve("admin-token");
    }

    /** The instance's own token (role service), the only token it is given. */
    Path serviceTokenFile(ServiceInstance service) {
        return home.resolve("tokens").resolve(service.name());
    }

    Path postgresData() {
        return home.resolve("postgres").resolve("data");
    }

    /** In a folder of its own: its log, {@code postgresql.log}, is beside its data folder as the primary's is. */
    Path postgresStandbyData() {
        return home.resolve("postgres").resolve("standby").resolve("data");
    }

    Path postgresBinaries() {
        return home.resolve("postgres").resolve("binaries");
    }
}
