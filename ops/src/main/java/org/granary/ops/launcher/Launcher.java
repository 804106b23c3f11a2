package org.granary.ops.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.granary.ops.legacy.LegacyDatabase;
import org.granary.ops.legacy.LegacyDemoRows;
import org.granary.patches.ApplyResult;
import org.granary.platform.auth.ServiceName;
import org.granary.platform.auth.TokenBootstrap;

/** The commands of {@code ops/granary}: up, down, status, env. Each returns the exit code. */
final class Launcher {
    private static final String STATUS_LINE = "%-18s %-24s %-8s %s%n";

    private final PlatformSettings settings;
    private final PlatformDatabase database;
    private final ServiceProcesses processes;
    private final ServiceEnvironment environment;
    private final HealthProbe health = new HealthProbe();
    private final PrintStream out;

    Launcher(PlatformSettings settings, PrintStream out) {
        this.settings = settings;
        this.database = new PlatformDatabase(settings);
        this.processes = new ServiceProcesses(settings);
        this.environment = new ServiceEnvironment(settings, database);
        this.out = out;
    }

    int up(boolean detach, boolean demo) throws Exception {
        return up(detach, demo, LegacyDemoRows.DEFAULT_ROWS);
    }

    /** {@code legacyRows}: about how many rows {@code --demo} puts in an empty legacy database. */
    int up(boolean detach, boolean demo, long legacyRows) throws Exception {
        List<ServiceInstance> started = new ArrayList<>();
        boolean databaseWasRunning = database.running();
        FileLock lock = lock();
        try (lock) {
            Instant begin = Instant.now();
            database.start();
            database.createDatabases();
            out.println("database   " + (database.embedded() ? "embedded PostgreSQL on port " + settings.databasePort() : "external")
                    + (databaseWasRunning ? " (already running)" : ""));
            if (settings.legacyDatabaseWanted()) {
                prepareLegacyDatabase(demo, legacyRows);
            }
            if (database.embedded()) {
                out.println("standby    streaming on port " + settings.standbyPort() + " (replication slot " + PlatformDatabase.STANDBY_NAME + ")");
            }
            makeTokens();
            new MonitoredClusters(settings, database).ensure(demo);
            for (ServiceInstance service : settings.existingServices()) {
                if (processes.running(service).isPresent()) {
                    out.println(service.name() + " already running");
                } else {
                    processes.start(service, environment.of(service));
                    started.add(service);
                }
            }
            Optional<String> failure = awaitHealthy(settings.existingServices());
            if (failure.isPresent()) {
                out.println(failure.get());
                started.forEach(processes::stop);
                if (!databaseWasRunning && started.size() == settings.existingServices().size()) {
                    database.stop();
                }
                return 1;
            }
            out.printf("Granary is up in %d s%n", Duration.between(begin, Instant.now()).toSeconds());
        }
        status();
        out.println("admin token: " + settings.adminTokenFile() + "   (eval \"$(ops/granary env)\" for URLs)");
        if (demo) {
            new DemoData(settings, out).load();
        }
        if (detach) {
            return 0;
        }
        return runInForeground();
    }

    int down() throws Exception {
        FileLock lock = lock();
        try (lock) {
            List<Thread> stopping = new ArrayList<>();
            for (ServiceInstance service : settings.services()) {
                if (processes.running(service).isPresent()) {
                    out.println("stopping " + service.name());
                }
                stopping.add(Thread.ofPlatform().start(() -> processes.stop(service)));
            }
            for (Thread thread : stopping) {
                thread.join();
            }
            if (database.embedded() && database.running()) {
                out.println("stopping embedded PostgreSQL and its standby");
            }
            database.stop();
        }
        out.println("Granary is down");
        return 0;
    }

    int status() {
        boolean allUp = true;
        out.printf(STATUS_LINE, "SERVICE", "URL", "PID", "HEALTH");
        for (ServiceInstance service : settings.existingServices()) {
            Optional<ProcessHandle> process = processes.running(service);
            String state = process.isPresent() ? health.status(service) : "STOPPED";
            allUp &= "UP".equals(state);
            out.printf(STATUS_LINE, service.name(), service.url(),
                    process.map(handle -> String.valueOf(handle.pid())).orElse("-"), state);
        }
        boolean databaseUp = database.running();
        out.printf(STATUS_LINE, "postgresql", database.embedded() ? "127.0.0.1:" + settings.databasePort() : "external", "-",
                databaseUp ? "UP" : "STOPPED");
        Optional<String> standby = database.standbyState();
        standby.ifPresent(state -> out.printf(STATUS_LINE, "postgresql-standby", "127.0.0.1:" + settings.standbyPort(), "-", state));
        return allUp && databaseUp && standby.map("UP"::equals).orElse(true) ? 0 : 3;
    }

    int env() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("GRANARY_HOME", settings.home().toString());
        // Not GRANARY_DB_URL: exported, that would make the next ops/granary take the embedded server for an external one.
        variables.put("GRANARY_POSTGRES_URL", database.jdbcUrl("postgres"));
        variables.put("GRANARY_PSQL", database.libpqConnectionString());
        variables.put("GRANARY_AUTH_DB_URL", database.jdbcUrl(PlatformSettings.AUTH_DATABASE));
        database.standbyJdbcUrl().ifPresent(url -> {
            variables.put("GRANARY_DB_STANDBY_PORT", String.valueOf(settings.standbyPort()));
            variables.put("GRANARY_POSTGRES_STANDBY_URL", url);
        });
        for (ServiceInstance service : settings.existingServices()) {
            variables.put("GRANARY_" + service.environmentName() + "_URL", service.url());
            variables.put("GRANARY_" + service.environmentName() + "_DB_URL", database.jdbcUrl(service.database()));
        }
        if (settings.legacyDatabaseWanted()) {
            variables.put("GRANARY_LEGACY_DB_URL", legacyUrl());
        }
        variables.put("GRANARY_ADMIN_TOKEN_FILE", settings.adminTokenFile().toString());
        variables.forEach((name, value) -> out.println("export " + name + "=" + shellQuote(value)));
        return 0;
    }

    org.granary.ops.archive.ArchiveCommands archiveCommands() {
        List<String> nodes = settings.existingServices().stream().filter(service -> service.module().equals("archive-store"))
                .map(ServiceInstance::url).toList();
        return new org.granary.ops.archive.ArchiveCommands(nodes, settings.adminTokenFile(), out);
    }

    /** metadata-sync's commands, at the platform's metadata-sync with the admin token; they ask at the terminal if there is one. */
    org.granary.ops.sync.SyncCommands syncCommands() {
        ServiceInstance sync = settings.existingServices().stream().filter(service -> service.module().equals("metadata-sync")).findFirst()
                .orElseThrow(() -> new IllegalStateException("metadata-sync is not part of this platform"));
        java.io.Console console = System.console();
        java.io.BufferedReader terminal = interactive(console) ? new java.io.BufferedReader(console.reader()) : null;
        return new org.granary.ops.sync.SyncCommands(sync.url(), settings.adminTokenFile(), out, terminal);
    }

    /** From Java 22 a console exists also without a terminal; {@code isTerminal} (22) tells. Before, a console means a terminal. */
    private static boolean interactive(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(java.io.Console.class.getMethod("isTerminal").invoke(console));
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    List<org.granary.ops.patches.PatchTarget> patchTargets() {
        List<org.granary.ops.patches.PatchTarget> targets = new ArrayList<>();
        targets.add(new org.granary.ops.patches.PatchTarget("auth", "auth",
                org.granary.ops.patches.PatchTarget.folder(settings.root(), "platform", "auth"), database.jdbcUrl(PlatformSettings.AUTH_DATABASE)));
        for (ServiceInstance service : settings.existingServices()) {
            targets.add(new org.granary.ops.patches.PatchTarget(service.name(), service.module(),
                    org.granary.ops.patches.PatchTarget.folder(settings.root(), service.module(), service.module()),
                    database.jdbcUrl(service.database())));
        }
        if (settings.legacyDatabaseWanted()) {
            targets.add(new org.granary.ops.patches.PatchTarget(LegacyDatabase.COMPONENT, LegacyDatabase.COMPONENT, settings.legacyPatches(),
                    legacyUrl()));
        }
        return targets;
    }

    /** The platform's legacy metadata database, which metadata-sync keeps in agreement with ingest's catalogue. */
    String legacyUrl() {
        return database.jdbcUrl(PlatformSettings.LEGACY_DATABASE);
    }

    /**
     * Its schema from metadata-sync's legacy patches, and with {@code --demo} its years of rows
     * (before metadata-sync starts, so that they are there when it first looks).
     */
    private void prepareLegacyDatabase(boolean demo, long legacyRows) throws java.sql.SQLException {
        ApplyResult patched = LegacyDatabase.patch(legacyUrl(), settings.legacyPatches());
        out.println("legacy     database " + PlatformSettings.LEGACY_DATABASE
                + (patched.applied().isEmpty() ? "" : ", patches applied: " + String.join(", ", patched.applied())));
        if (demo) {
            new LegacyDemoRows(legacyUrl(), out).fill(legacyRows);
        }
    }

    /**
     * The admin token (for people: {@code ops/granary env}) and each instance's own service token,
     * made before any service starts: no service is ever given the admin token.
     */
    private void makeTokens() {
        DataSource auth = database.dataSource(PlatformSettings.AUTH_DATABASE);
        if (TokenBootstrap.ensureAdminToken(auth, settings.adminTokenFile())) {
            out.println("made the admin token: " + settings.adminTokenFile());
        }
        List<String> made = new ArrayList<>();
        for (ServiceInstance service : settings.existingServices()) {
            if (TokenBootstrap.ensureServiceToken(auth, ServiceName.fromLabel(service.module()), settings.serviceTokenFile(service))) {
                made.add(service.name());
            }
        }
        if (!made.isEmpty()) {
            out.println("made the service tokens of " + String.join(", ", made) + " in " + settings.home().resolve("tokens"));
        }
    }

    /**
     * Waits until every service serves (an archive node without room is READ_ONLY, and serves
     * reads); the failure names the first service that died or never came up.
     */
    private Optional<String> awaitHealthy(List<ServiceInstance> services) throws InterruptedException {
        Instant deadline = Instant.now().plus(settings.startTimeout());
        List<ServiceInstance> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty()) {
            for (ServiceInstance service : List.copyOf(waiting)) {
                if (processes.running(service).isEmpty()) {
                    return Optional.of(failure(service, "exited during start"));
                }
                if (HealthProbe.serving(health.status(service))) {
                    out.println(service.name() + " healthy at " + service.url());
                    waiting.remove(service);
                }
            }
            if (Instant.now().isAfter(deadline) && !waiting.isEmpty()) {
                return Optional.of(failure(waiting.getFirst(), "was not healthy within " + settings.startTimeout().toSeconds() + " s"));
            }
            Thread.sleep(500);
        }
        return Optional.empty();
    }

    private String failure(ServiceInstance service, String what) {
        return "FAILED: " + service.name() + " " + what + "; last lines of " + settings.logFile(service) + ":\n" + LogTail.of(settings.logFile(service), 25);
    }

    /** Blocks until Ctrl-C (then stops everything) or until every service has gone. */
    private int runInForeground() throws InterruptedException {
        Thread stopper = new Thread(() -> {
            try {
                down();
            } catch (Exception e) {
                out.println("stopping failed: " + e.getMessage());
            }
        }, "granary-down");
        Runtime.getRuntime().addShutdownHook(stopper);
        out.println("running in the foreground: Ctrl-C stops everything");
        List<ServiceInstance> alive = new ArrayList<>(settings.existingServices());
        while (!alive.isEmpty()) {
            Thread.sleep(2000);
            for (ServiceInstance service : List.copyOf(alive)) {
                if (processes.running(service).isEmpty()) {
                    out.println(service.name() + " has stopped; its log: " + settings.logFile(service));
                    alive.remove(service);
                }
            }
        }
        return 0;
    }

    /** One launcher at a time changes what runs; a second waits for the first. */
    private FileLock lock() throws IOException {
        Files.createDirectories(settings.home());
        FileChannel channel = FileChannel.open(settings.home().resolve("launcher.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return channel.lock();
    }

    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
