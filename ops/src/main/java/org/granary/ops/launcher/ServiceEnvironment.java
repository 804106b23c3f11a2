package org.granary.ops.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment each service instance is started with: its port, its database, the token
 * database and its own token, its home, every service's URL, and what one service needs to find
 * another (the planner calls ingest, and ingest calls the planner back with granule events).
 */
final class ServiceEnvironment {
    private final PlatformSettings settings;
    private final PlatformDatabase database;

    ServiceEnvironment(PlatformSettings settings, PlatformDatabase database) {
        this.settings = settings;
        this.database = database;
    }

    Map<String, String> of(ServiceInstance service) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SERVER_PORT", String.valueOf(service.port()));
        environment.put("SPRING_DATASOURCE_URL", database.jdbcUrl(service.database()));
        environment.put("GRANARY_AUTH_DATABASE_URL", database.jdbcUrl(PlatformSettings.AUTH_DATABASE));
        environment.put("GRANARY_AUTH_SERVICE_TOKEN_FILE", settings.serviceTokenFile(service).toString());
        environment.put("GRANARY_HOME", settings.home().toString());
        environment.put("GRANARY_INSTANCE_NAME", service.name());
        // the planner's granary.planner.home and ingest's spool default to folders of it
        environment.put("GRANARY_INSTANCE_HOME", settings.serviceHome(service).toString());
        for (ServiceInstance other : settings.existingServices()) {
            environment.put("GRANARY_" + other.environmentName() + "_URL", other.url());
        }
        environment.put("GRANARY_ARCHIVE_CLUSTER_SEED_NODES", String.join(",", instancesOf("archive-store").stream()
                .map(other -> other.name() + "=" + other.url()).toList()));
        switch (service.module()) {
            case "ingest-service" -> environment.put("GRANARY_INGEST_EVENTS_CALLBACK_ALLOW_LIST", String.join(",", callbackAllowList()));
            case "planner" -> ingest().ifPresent(ingest -> environment.put("GRANARY_PLANNER_INGEST_URL", ingest.url()));
            case "metadata-sync" -> {
                if (settings.legacyDatabaseWanted()) {
                    environment.put("GRANARY_SYNC_LEGACY_URL", database.jdbcUrl(PlatformSettings.LEGACY_DATABASE));
                }
                ingest().ifPresent(ingest -> environment.put("GRANARY_SYNC_INGEST_URL", ingest.url()));
            }
            case "db-monitor" -> {
                MonitoredClusters clusters = new MonitoredClusters(settings, database);
                clusters.file().ifPresent(file -> environment.put("GRANARY_DB_MONITOR_CLUSTERS_FILE", file.toString()));
                environment.putAll(clusters.environment());
            }
            default -> {
                // nothing of its own
            }
        }
        return environment;
    }

    /**
     * The hosts ingest may call back besides public ones: what the operator allowed
     * ({@code GRANARY_INGEST_EVENTS_CALLBACK_ALLOW_LIST}) and each planner, which subscribes its
     * {@code 127.0.0.1} callback (a loopback address, refused unless listed).
     */
    List<String> callbackAllowList() {
        List<String> allowed = new ArrayList<>(settings.callbackAllowList());
        instancesOf("planner").stream().map(planner -> "127.0.0.1:" + planner.port()).filter(entry -> !allowed.contains(entry))
                .forEach(allowed::add);
        return allowed;
    }

    private Optional<ServiceInstance> ingest() {
        return instancesOf("ingest-service").stream().findFirst();
    }

    private List<ServiceInstance> instancesOf(String module) {
        return settings.existingServices().stream().filter(other -> other.module().equals(module)).toList();
    }
}
