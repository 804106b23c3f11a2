package org.granary.ops.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.granary.postgres.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher as an operator uses it: the real {@code ops/granary} script, real service
 * processes, real PostgreSQL, on ports of its own so that it never touches a platform already
 * running on this machine. Durations are printed, not asserted.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SERVICES = List.of("INGEST_SERVICE", "PLANNER", "METADATA_SYNC", "DB_MONITOR", "ARCHIVE_1", "ARCHIVE_2");

    @TempDir
    Path home;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void ownPortsAndHome() throws IOException {
        environment.put("GRANARY_HOME", home.toString());
        environment.put("GRANARY_SKIP_BUILD", "1");
        environment.put("GRANARY_DB_PORT", String.valueOf(FreePorts.outsideEphemeralRange()));
        environment.put("GRANARY_DB_STANDBY_PORT", String.valueOf(FreePorts.outsideEphemeralRange()));
        for (String service : SERVICES) {
            environment.put("GRANARY_" + service + "_PORT", String.valueOf(FreePorts.outsideEphemeralRange()));
        }
    }

    @AfterEach
    void down() throws Exception {
        granary("down");
    }

    @Test
    void upServesEveryServiceDownLeavesNothingAndASecondUpKeepsTheData() throws Exception {
        long firstStart = System.nanoTime();
        Result up = granary("up", "-d");
        long firstSeconds = (System.nanoTime() - firstStart) / 1_000_000_000;
        assertThat(up.exitCode()).as(up.output()).isZero();
        Result status = granary("status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).containsPattern("postgresql-standby +127.0.0.1:" + environment.get("GRANARY_DB_STANDBY_PORT") + " +- +UP");

        Map<String, String> env = env();
        assertThat(env).containsKeys("GRANARY_POSTGRES_URL", "GRANARY_PSQL", "GRANARY_ADMIN_TOKEN_FILE").doesNotContainKey("GRANARY_DB_URL");
        for (String service : SERVICES) {
            assertThat(get(env.get("GRANARY_" + service + "_URL") + "/actuator/health", null).body()).contains("\"status\":\"UP\"");
        }
        assertThat(env.get("GRANARY_POSTGRES_URL")).startsWith("jdbc:postgresql://127.0.0.1:" + environment.get("GRANARY_DB_PORT") + "/");
        assertTheStandbyStreams(env);
        assertTheLegacyDatabaseIsThereDecodedLogically(env);
        String admin = Files.readString(Path.of(env.get("GRANARY_ADMIN_TOKEN_FILE"))).strip();
        assertDbMonitorWatches(env, admin, List.of("granary"));

        String ingest = env.get("GRANARY_INGEST_SERVICE_URL");
        String planner = env.get("GRANARY_PLANNER_URL");
        HttpResponse<String> created = post(ingest + "/admin/tokens", "{\"role\":\"scientist\",\"label\":\"kept across restarts\"}", admin);
        assertThat(created.statusCode()).isEqualTo(201);
        String scientist = created.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(get(planner + "/auth/whoami", scientist).statusCode()).as("a token made on one service works on all").isEqualTo(200);
        assertRefusalsChangeNothing(planner, admin, scientist);
        assertIngestHoldsOnlyItsOwnServiceToken(env, admin);
        assertArchiveCommandsWork(env, admin);
        assertEverySchemaIsWhatItsPatchesMake(env);

        String ingestToken = Files.readString(home.resolve("tokens/ingest-service"));
        // as a cluster made by a launcher before wal_level = logical has it: the next up sets it and restarts once.
        // Such a cluster has no logical slot (PostgreSQL would not start with one): metadata-sync's goes first.
        ProcessHandle.of(Long.parseLong(Files.readString(home.resolve("run/metadata-sync.pid")).strip())).ifPresent(sync -> {
            sync.destroy();
            sync.onExit().join();
        });
        sql(env.get("GRANARY_LEGACY_DB_URL"), "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_type = 'logical'");
        sql(env.get("GRANARY_POSTGRES_URL"), "ALTER SYSTEM SET wal_level = 'replica'");
        assertThat(granary("down").exitCode()).isZero();
        assertNothingLeft();

        long secondStart = System.nanoTime();
        Result again = granary("up", "-d", "--demo");
        long secondSeconds = (System.nanoTime() - secondStart) / 1_000_000_000;
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("restarting the embedded PostgreSQL once for wal_level = logical");
        assertTheStandbyStreams(env);
        assertTheLegacyDatabaseIsThereDecodedLogically(env);
        assertTheDemoFilledTheLegacyDatabase(env, again.output());
        assertLegacyWriteMakesEveryKindOfChange(env);
        assertThat(Files.readString(Path.of(env.get("GRANARY_ADMIN_TOKEN_FILE"))).strip()).isEqualTo(admin);
        assertThat(Files.readString(home.resolve("tokens/ingest-service"))).as("a live service token is kept").isEqualTo(ingestToken);
        assertThat(get(ingest + "/auth/whoami", scientist).body()).contains("kept across restarts");
        assertThat(again.output()).contains("demo: delivered a day of OMI (2004-10-01) in 16 PDRs: 121 granules")
                .contains("16 of 16 PANs say SUCCESSFUL");
        assertThePlannerMadeTheDayFromLevel0(ingest, planner, again.output());
        assertDbMonitorWatches(env, admin, List.of("granary", "omi-testing", "omi-development"));
        System.out.printf("launcher: first up -d %d s, second up -d %d s (with the demo)%n", firstSeconds, secondSeconds);

        Result demoAgain = granary("up", "-d", "--demo");
        assertThat(demoAgain.exitCode()).as(demoAgain.output()).isZero();
        assertThat(demoAgain.output()).containsPattern("legacy: granary_legacy holds [0-9,]+ files already; left as they are");
        assertThat(demoAgain.output()).contains("OMTO3d-demo 1 (registered before)").contains("from level 0 before, by").contains("-> OMTO3d");
        assertThat(items(get(ingest + "/granules?esdt=OMTO3d&source=planner&limit=100", null))).as("a second demo makes no product again").hasSize(1);
    }

    /**
     * The demo delivers level 0 but no OML1BRUG, OMTO3 or OMTO3d: the planner makes them with the
     * demo PGEs, and the daily grid's lineage reaches the level 0 files.
     */
    private void assertThePlannerMadeTheDayFromLevel0(String ingest, String planner, String output) throws Exception {
        assertThat(output).contains("demo: registered the demo PGEs").contains("the planner made the day's level 1B, 2 and 3 from level 0 within")
                .containsPattern("OML0V +P2041840AAAAAAAAAAAAAA04275000300000.PDS \\+ P2041840AAAAAAAAAAAAAA04275000300001.PDS")
                .containsPattern("-> OML1BRUG +OMI-Aura_L1-OML1BRUG_2004m1001t0003-o01132_v003-\\S+ \\(job \\d+\\)")
                .containsPattern("-> OMTO3d +OMI-Aura_L3-OMTO3d_2004m1001_v003-\\S+ \\(job \\d+\\)");
        List<JsonNode> level2 = items(get(ingest + "/granules?esdt=OMTO3&source=planner&limit=100", null));
        assertThat(level2).hasSize(15).allSatisfy(granule -> assertThat(granule.get("producingJob").isNull()).isFalse());
        assertThat(level2).extracting(granule -> granule.get("fileName").asString()).anyMatch(name -> name.startsWith("OMI-Aura_L2-OMTO3_2004m1001t0003-o01132"));

        List<JsonNode> daily = items(get(ingest + "/granules?esdt=OMTO3d&source=planner&limit=100", null));
        assertThat(daily).hasSize(1);
        JsonNode grid = daily.getFirst();
        assertThat(grid.get("fileName").asString()).startsWith("OMI-Aura_L3-OMTO3d_2004m1001_v003-");
        assertThat(grid.get("startTime").asString()).isEqualTo("2004-10-01T00:00:00Z");
        String producingJob = grid.get("producingJob").asString();
        assertThat(producingJob).as("made by a planner job").isNotBlank();
        JsonNode job = JSON.readTree(get(planner + "/jobs/" + producingJob, null).body());
        assertThat(job.get("job").get("pge").asString()).isEqualTo("OMTO3d-demo");
        assertThat(job.get("job").get("state").asString()).isEqualTo("succeeded");
        assertThat(job.get("inputs")).hasSize(15);

        JsonNode lineage = JSON.readTree(get(planner + "/lineage/" + grid.get("id").asLong() + "/inputs", null).body()).get("granules");
        Map<String, Integer> reached = new LinkedHashMap<>();
        lineage.forEach(entry -> reached.merge(entry.get("esdt").asString() + "@" + entry.get("depth").asInt(), 1, Integer::sum));
        assertThat(reached).containsExactly(Map.entry("OMTO3@1", 15), Map.entry("OML1BRUG@2", 15), Map.entry("OML0V@3", 30));
    }

    private static List<JsonNode> items(HttpResponse<String> page) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(page.body()).get("items").forEach(items::add);
        return items;
    }

    @Test
    void aServiceThatCannotStartIsNamedWithItsLogAndNothingIsLeftRunning() throws Exception {
        int taken = Integer.parseInt(environment.get("GRANARY_PLANNER_PORT"));
        ServerSocket squatter = new ServerSocket(taken);
        try (squatter) {
            Result up = granary("up", "-d");

            assertThat(up.exitCode()).isNotZero();
            assertThat(up.output()).contains("FAILED: planner").contains("planner.log");
        }
        granary("down");
        assertNothingLeft();
    }

    /**
     * The embedded database's standby, on its own port, is in recovery and streams: the services'
     * databases, created after it started, reached it through replication.
     */
    private void assertTheStandbyStreams(Map<String, String> env) throws Exception {
        assertThat(env).containsEntry("GRANARY_DB_STANDBY_PORT", environment.get("GRANARY_DB_STANDBY_PORT"));
        try (var connection = java.sql.DriverManager.getConnection(env.get("GRANARY_POSTGRES_STANDBY_URL"));
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT pg_is_in_recovery(), (SELECT status FROM pg_stat_wal_receiver), "
                        + "(SELECT count(*) FROM pg_database WHERE datname IN ('granary_auth', 'granary_ingest'))")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getBoolean(1)).as("in recovery").isTrue();
            assertThat(result.getString(2)).isEqualTo("streaming");
            assertThat(result.getInt(3)).as("databases the launcher created on the primary").isEqualTo(2);
        }
    }

    /** {@code up} made granary_legacy with its tables, on a server that decodes logically; metadata-sync is told where it is. */
    private void assertTheLegacyDatabaseIsThereDecodedLogically(Map<String, String> env) throws Exception {
        assertThat(env).containsEntry("GRANARY_LEGACY_DB_URL", env.get("GRANARY_POSTGRES_URL").replace("/postgres?", "/granary_legacy?"));
        assertThat(query(env.get("GRANARY_POSTGRES_URL"), "SHOW wal_level")).isEqualTo("logical");
        assertThat(query(env.get("GRANARY_LEGACY_DB_URL"), "SELECT string_agg(table_schema || '.' || table_name, ' ' ORDER BY table_name) "
                + "FROM information_schema.tables WHERE table_schema IN ('public', 'granary_sync')"))
                .isEqualTo("granary_sync.applied_by_sync public.file_inventory public.file_lineage public.file_qa");
        assertThat(query(env.get("GRANARY_LEGACY_DB_URL"), "SELECT count(*) FROM pg_publication_tables WHERE pubname = 'granary_metadata_sync'"))
                .as("the three legacy tables and metadata-sync's marks").isEqualTo("4");
        assertThat(processEnvironment("metadata-sync")).containsEntry("GRANARY_SYNC_LEGACY_URL", env.get("GRANARY_LEGACY_DB_URL"));
    }

    /** Years of legacy rows the catalogue has not seen: superseded ones, QA, lineage, and a few for the quarantine. */
    private void assertTheDemoFilledTheLegacyDatabase(Map<String, String> env, String output) throws Exception {
        assertThat(output).contains("legacy: filled granary_legacy").contains("6 of them cannot be mapped");
        String legacy = env.get("GRANARY_LEGACY_DB_URL");
        assertThat(Long.parseLong(query(legacy, "SELECT count(*) FROM file_inventory"))).isBetween(140_000L, 160_000L);
        assertThat(query(legacy, "SELECT to_char(min(start_time), 'YYYY-MM-DD') || ' ' || to_char(max(start_time), 'YYYY') FROM file_inventory "
                + "WHERE esdt_code = 'OMTO3.003' AND archive_path NOT LIKE 'http%'")).as("the demo's legacy rows, not the catalogue's the sync wrote")
                .isEqualTo("2004-10-02 2008");
        assertThat(Long.parseLong(query(legacy, "SELECT count(*) FROM file_inventory WHERE status_code = 'S'"))).isPositive();
        assertThat(Long.parseLong(query(legacy, "SELECT count(*) FROM file_qa"))).isPositive();
        assertThat(Long.parseLong(query(legacy, "SELECT count(*) FROM file_lineage"))).isPositive();
        assertThat(query(legacy, "SELECT count(*) FROM file_inventory WHERE esdt_code = 'OMXYZ.003' OR stop_time < start_time")).isEqualTo("4");
    }

    /** {@code legacy write} for a few seconds: every kind of change, counted in the table. */
    private void assertLegacyWriteMakesEveryKindOfChange(Map<String, String> env) throws Exception {
        String legacy = env.get("GRANARY_LEGACY_DB_URL");
        // The old applications' files only: metadata-sync writes the catalogue's (their archive path a URL) meanwhile.
        String own = "SELECT count(*) FROM file_inventory WHERE archive_path NOT LIKE 'http%'";
        long before = Long.parseLong(query(legacy, own));
        String writeBegan = query(legacy, "SELECT (now() AT TIME ZONE 'UTC')::text");
        Result write = granary("legacy", "write", "--rate", "200", "--duration", "6s");
        assertThat(write.exitCode()).as(write.output()).isZero();
        java.util.regex.Matcher done = java.util.regex.Pattern.compile(
                "legacy write: done in \\d+ s: (\\d+) inserts, (\\d+) overwrites, (\\d+) QA updates, (\\d+) deletes").matcher(write.output());
        assertThat(done.find()).as(write.output()).isTrue();
        long inserts = Long.parseLong(done.group(1));
        long deletes = Long.parseLong(done.group(4));
        assertThat(List.of(inserts, Long.parseLong(done.group(2)), Long.parseLong(done.group(3)), deletes)).allMatch(count -> count > 0);
        assertThat(Long.parseLong(query(legacy, own))).isEqualTo(before + inserts - deletes);
        assertThat(Long.parseLong(query(legacy, "SELECT count(*) FROM file_inventory WHERE update_time > insert_time"))).as("overwrites").isPositive();
        // metadata-sync, started by up, carries them to the catalogue as they happen: every file the write inserted and left
        String inserted = query(legacy, "SELECT string_agg(quote_literal(file_name), ',') FROM file_inventory WHERE insert_time >= '" + writeBegan
                + "' AND archive_path NOT LIKE 'http%'");
        String catalogue = env.get("GRANARY_POSTGRES_URL").replace("/postgres?", "/granary_ingest?");
        String arrived = "SELECT count(DISTINCT file_name) FROM granule WHERE source = 'legacy-sync' AND state <> 'deleted' AND file_name IN ("
                + inserted + ")";
        long expected = inserted.split(",").length;
        java.time.Instant deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(3));
        while (Long.parseLong(query(catalogue, arrived)) < expected && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertThat(Long.parseLong(query(catalogue, arrived))).as("the files legacy write inserted, in the catalogue through metadata-sync")
                .isEqualTo(expected).isPositive();
        assertThat(granary("legacy", "write", "--rate", "10", "--duration", "soon").exitCode()).as("a duration it cannot read").isEqualTo(2);
    }

    private Map<String, String> processEnvironment(String service) throws IOException {
        long pid = Long.parseLong(Files.readString(home.resolve("run/" + service + ".pid")).strip());
        Map<String, String> environ = new LinkedHashMap<>();
        for (String variable : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8).split("\0", -1)) {
            int equals = variable.indexOf('=');
            if (equals > 0) {
                environ.put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        return environ;
    }

    private static String query(String url, String sql) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(url); var result = connection.createStatement().executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }

    private static void sql(String url, String sql) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(url); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * db-monitor watches the platform's own PostgreSQL out of the box (with --demo, clusters of
     * other stages too): its primary and its streaming standby, found as what they should be.
     */
    private void assertDbMonitorWatches(Map<String, String> env, String admin, List<String> clusters) throws Exception {
        String url = env.get("GRANARY_DB_MONITOR_URL") + "/clusters/granary";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get(url, admin).body();
            if (body.contains("\"role\":\"primary\"") && body.contains("\"role\":\"standby\"") && body.contains("\"receiverStatus\":\"streaming\"")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(body).contains("\"name\":\"granary-1\"").contains("\"role\":\"primary\"").contains("\"role\":\"standby\"")
                .contains("\"receiverStatus\":\"streaming\"");
        String all = get(env.get("GRANARY_DB_MONITOR_URL") + "/clusters", admin).body();
        for (String cluster : clusters) {
            assertThat(all).contains("{\"name\":\"" + cluster + "\"");
        }
    }

    private void assertRefusalsChangeNothing(String service, String admin, String scientist) throws Exception {
        String before = get(service + "/admin/tokens?limit=500", admin).body();
        assertThat(post(service + "/admin/tokens", "{\"role\":\"admin\",\"label\":\"no token\"}", null).statusCode()).isEqualTo(401);
        assertThat(post(service + "/admin/tokens", "{\"role\":\"admin\",\"label\":\"wrong role\"}", scientist).statusCode()).isEqualTo(403);
        HttpResponse<String> badJson = post(service + "/admin/tokens", "{\"role\":", admin);
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(get(service + "/admin/tokens?limit=500", admin).body()).isEqualTo(before);
    }

    /**
     * The launcher gives ingest its own service token and never the admin token: a compromised
     * ingest could write objects to the archive, but not administer it.
     */
    private void assertIngestHoldsOnlyItsOwnServiceToken(Map<String, String> env, String admin) throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve("run/ingest-service.pid")).strip());
        Map<String, String> environ = new LinkedHashMap<>();
        for (String variable : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8).split("\0", -1)) {
            int equals = variable.indexOf('=');
            if (equals > 0) {
                environ.put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }

        assertThat(environ).containsKey("SERVER_PORT").doesNotContainKey("GRANARY_AUTH_ADMIN_TOKEN_FILE");
        assertThat(environ.values()).as("no variable names the admin token file or holds the admin token")
                .doesNotContain(env.get("GRANARY_ADMIN_TOKEN_FILE")).noneMatch(value -> value.contains(admin));
        Path tokenFile = Path.of(environ.get("GRANARY_AUTH_SERVICE_TOKEN_FILE"));
        assertThat(tokenFile).isEqualTo(home.resolve("tokens/ingest-service"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        String ingestToken = Files.readString(tokenFile).strip();
        HttpResponse<String> identity = get(env.get("GRANARY_INGEST_SERVICE_URL") + "/auth/whoami", ingestToken);
        assertThat(identity.statusCode()).isEqualTo(200);
        assertThat(identity.body()).contains("\"role\":\"service\"").contains("\"label\":\"ingest-service\"");
        HttpResponse<String> administration = post(env.get("GRANARY_ARCHIVE_1_URL") + "/scrub", "", ingestToken);
        assertThat(administration.statusCode()).as("ingest's token on an archive administration endpoint").isEqualTo(403);
        for (String service : List.of("planner", "metadata-sync", "db-monitor", "archive-1", "archive-2")) {
            assertThat(home.resolve("tokens").resolve(service)).as("a token of its own for " + service).isRegularFile();
        }
    }

    /** The operator's archive commands against the two nodes the launcher started. */
    private void assertArchiveCommandsWork(Map<String, String> env, String admin) throws Exception {
        Result map = granary("archive", "map");
        assertThat(map.exitCode()).isZero();
        assertThat(map.output()).contains("epoch 0, 2 replicas").contains("archive-1").contains("archive-2");

        byte[] content = "a granule for the launcher test".getBytes(StandardCharsets.UTF_8);
        String checksum = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(env.get("GRANARY_ARCHIVE_1_URL") + "/objects/" + checksum))
                .header("Authorization", "Bearer " + admin).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(201);

        Result plan = granary("archive", "rebalance", "--dry-run");
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.output()).contains("in all: 0 objects");
        Result scrub = granary("archive", "scrub");
        assertThat(scrub.exitCode()).as(scrub.output()).isZero();
        assertThat(scrub.output()).contains("1 replicas added");
        Result audit = granary("archive", "audit", checksum);
        assertThat(audit.output()).contains("archive-1").contains("write").contains("copy-out")
                .contains("archive-2").contains("copy-in");
    }

    /** Every database of a fresh platform passes verify; a column added by hand is reported with who added it, then repaired. */
    private void assertEverySchemaIsWhatItsPatchesMake(Map<String, String> env) throws Exception {
        Result verify = granary("patches", "verify");
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        for (String target : List.of("auth", "ingest-service", "planner", "metadata-sync", "db-monitor", "archive-1", "archive-2", "legacy")) {
            assertThat(verify.output()).contains("== " + target + " (");
        }
        assertThat(verify.output()).doesNotContain("DRIFT");

        String ingestDatabase = env.get("GRANARY_INGEST_SERVICE_DB_URL");
        try (var connection = java.sql.DriverManager.getConnection(ingestDatabase); var statement = connection.createStatement()) {
            statement.execute("ALTER TABLE granule ADD COLUMN remark text");
            Result drift = granary("patches", "verify", "ingest-service");
            statement.execute("ALTER TABLE granule DROP COLUMN remark");

            assertThat(drift.exitCode()).as(drift.output()).isEqualTo(3);
            assertThat(drift.output()).contains("column public.granule.remark exists in the database but no applied patch makes it")
                    .contains("by role postgres").contains("ALTER TABLE public.granule DROP COLUMN remark;");
        }
        assertThat(granary("patches", "status").exitCode()).isZero();
    }

    private void assertNothingLeft() {
        List<String> leftovers = ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(process -> process.info().commandLine().orElse(""))
                .filter(command -> command.contains(home.toString()))
                .toList();
        assertThat(leftovers).as("processes of this platform after down").isEmpty();
        List<Integer> listening = new ArrayList<>();
        for (var entry : environment.entrySet()) {
            if (entry.getKey().endsWith("_PORT") && listening(Integer.parseInt(entry.getValue()))) {
                listening.add(Integer.parseInt(entry.getValue()));
            }
        }
        assertThat(listening).as("ports still listening after down").isEmpty();
    }

    private Map<String, String> env() throws Exception {
        Result env = granary("env");
        assertThat(env.exitCode()).isZero();
        Map<String, String> variables = new LinkedHashMap<>();
        for (String exported : env.output().lines().toList()) {
            assertThat(exported).as("env prints export NAME='value' lines").startsWith("export ");
            String line = exported.substring("export ".length());
            int equals = line.indexOf('=');
            assertThat(equals).as("env prints export NAME='value' lines: " + line).isPositive();
            String value = line.substring(equals + 1);
            assertThat(value).startsWith("'").endsWith("'");
            variables.put(line.substring(0, equals), value.substring(1, value.length() - 1));
        }
        return variables;
    }

    private record Result(int exitCode, String output) {
    }

    private Result granary(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("ops/granary").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        System.out.println("$ ops/granary " + String.join(" ", arguments) + "\n" + output);
        return new Result(process.exitValue(), output);
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return socket.isConnected();
        } catch (IOException refused) {
            return false;
        }
    }
}
