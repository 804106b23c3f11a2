package org.granary.planner;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.granary.archive.ArchiveNodes;
import org.granary.ingest.RunningIngest;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planner instances as real processes sharing one database: one killed with SIGKILL while its PGE
 * runs, another taking the job over; two sharing a campaign without running any job twice; a
 * campaign's progress across the death and restart of every instance.
 */
class PlannerCrashIT {
    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWorkerKilledWithSigkillHasItsJobRetriedAndFinishedOnce() throws Exception {
        int portA = RunningPlanner.freePort();
        int portB = RunningPlanner.freePort();
        String database = TemporaryPostgres.freshDatabase("planner_crash");
        try (RunningIngest ingest = RunningIngest.start(home.resolve("ingest"), "planner_crash_ingest", RunningPlanner.ingestSettingsFor(portA, portB));
                PlannerProcess first = new PlannerProcess(ingest, portA, home.resolve("a"), database);
                PlannerProcess second = new PlannerProcess(ingest, portB, home.resolve("b"), database)) {
            first.start();
            String scientist = ingest.token("scientist", "alice");
            Path runs = home.resolve("runs.log");
            Path pge = TestPges.script(home.resolve("pges"), "slow-first-time.sh", """
                    orbit=$1 start=$2 production=$3 out=$4; shift 4
                    echo "run of job $GRANARY_JOB_ID" >> %s
                    if [ ! -e %s ]; then touch %s; sleep 600; fi
                    echo "OMTO3 orbit $orbit" > "$out/OMI-Aura_L2-OMTO3_${start}-o$(printf %%05d "$orbit")_v003-${production}.he5"
                    """.formatted(runs, home.resolve("started"), home.resolve("started")));
            assertThat(post(first.url() + "/pges", TestPges.omto3Registration(pge, "OMTO3-crash", "1.0"), scientist).statusCode()).isEqualTo(201);
            assertThat(ingest.push(TestPges.level1b(1160), "radiances".getBytes(StandardCharsets.UTF_8), ingest.token("station", "s"))
                    .statusCode()).isEqualTo(201);
            JdbcClient sql = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(database));
            RunningPlanner.awaitEvents(ingest, "the job running on the first instance", Duration.ofMinutes(2), () -> Files.exists(home.resolve("started")));
            long job = sql.sql("SELECT id FROM job WHERE pge_name = 'OMTO3-crash'").query(Long.class).single();
            List<ProcessHandle> pgeProcesses = pgeProcesses(home.resolve("pges"));
            assertThat(pgeProcesses).as("the PGE runs").isNotEmpty();

            first.kill();
            second.start();

            ArchiveNodes.await("the job succeeded on the second instance", Duration.ofSeconds(90),
                    () -> "succeeded".equals(sql.sql("SELECT state FROM job WHERE id = ?").param(job).query(String.class).single()));
            ArchiveNodes.await("the first run's PGE, left behind by the killed instance, stopped", Duration.ofSeconds(20),
                    () -> pgeProcesses.stream().noneMatch(PlannerCrashIT::running));
            assertThat(Files.readAllLines(runs)).containsExactly("run of job " + job, "run of job " + job);
            List<String> transitions = sql.sql("SELECT to_state || ': ' || reason FROM job_transition WHERE job_id = ? ORDER BY at").param(job)
                    .query(String.class).list();
            assertThat(transitions).anyMatch(reason -> reason.startsWith("waiting: its worker") && reason.contains("stopped renewing its lease")
                    && reason.endsWith("retried once"));
            assertThat(transitions).as("the lost run is not counted as an attempt of the PGE")
                    .filteredOn(reason -> reason.startsWith("queued: attempt 1 of 2 claimed by")).hasSize(2);
            JsonNode products = RunningIngest.json(ingest.get("/granules?esdt=OMTO3").body()).get("items");
            assertThat(products).as("the output catalogued once").hasSize(1);
            assertThat(products.get(0).get("producingJob").asString()).isEqualTo(String.valueOf(job));
        }
    }

    private static List<ProcessHandle> pgeProcesses(Path scripts) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(scripts.toString()) || line.contains("sleep 600"))
                        .orElse(false))
                .toList();
    }

    @Test
    void twoInstancesShareACampaignAndNeverRunAJobTwice() throws Exception {
        int portA = RunningPlanner.freePort();
        int portB = RunningPlanner.freePort();
        String database = TemporaryPostgres.freshDatabase("planner_shared");
        try (RunningIngest ingest = RunningIngest.start(home.resolve("ingest"), "planner_shared_ingest", RunningPlanner.ingestSettingsFor(portA, portB));
                PlannerProcess first = new PlannerProcess(ingest, portA, home.resolve("a"), database);
                PlannerProcess second = new PlannerProcess(ingest, portB, home.resolve("b"), database)) {
            first.start();
            second.start();
            String scientist = ingest.token("scientist", "alice");
            Path runs = home.resolve("runs.log");
            Path gate = home.resolve("gate");
            register(first, scientist, "OMTO3-shared", gatedPge(runs, gate));

            long campaign = campaign(first, scientist, "OMTO3-shared", 1200, 1240);
            JdbcClient sql = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(database));
            // Each instance runs two jobs at once (its workers) and every run waits at the gate: once the instance that
            // saw the campaign first has two held, the jobs left are the other's to take. Without the gate one fast
            // instance could run all 40 before the other's next poll, and the test would say nothing about sharing.
            ArchiveNodes.await("both instances running jobs of the campaign", Duration.ofSeconds(60),
                    () -> sql.sql("SELECT count(DISTINCT worker) FROM job WHERE campaign_id = ? AND state = 'running'").param(campaign)
                            .query(Long.class).single() == 2);
            Files.createFile(gate);
            awaitFinished(first, campaign);

            List<String> ran = Files.readAllLines(runs);
            assertThat(ran).hasSize(40).doesNotHaveDuplicates();
            assertThat(sql.sql("SELECT count(*) FROM job WHERE campaign_id = ? AND state = 'succeeded'").param(campaign).query(Long.class).single())
                    .isEqualTo(40);
            assertThat(sql.sql("SELECT count(DISTINCT worker) FROM job WHERE campaign_id = ?").param(campaign).query(Long.class).single())
                    .as("both instances took jobs").isEqualTo(2);
        }
    }

    @Test
    void aCampaignsProgressIsRightWhileItRunsAndAfterEveryInstanceDiedAndOneRestarted() throws Exception {
        int portA = RunningPlanner.freePort();
        int portB = RunningPlanner.freePort();
        String database = TemporaryPostgres.freshDatabase("planner_progress");
        try (RunningIngest ingest = RunningIngest.start(home.resolve("ingest"), "planner_progress_ingest", RunningPlanner.ingestSettingsFor(portA, portB));
                PlannerProcess first = new PlannerProcess(ingest, portA, home.resolve("a"), database);
                PlannerProcess second = new PlannerProcess(ingest, portB, home.resolve("b"), database)) {
            first.start();
            second.start();
            String scientist = ingest.token("scientist", "alice");
            register(first, scientist, "OMTO3-progress", appendingPge(home.resolve("runs.log"), 1));
            long campaign = campaign(first, scientist, "OMTO3-progress", 1300, 1316);

            ArchiveNodes.await("4 jobs of the campaign succeeded", Duration.ofSeconds(60), () -> progress(first, campaign).get("jobs").get("succeeded").asInt() >= 4);
            JsonNode running = progress(first, campaign);
            assertThat(running.get("total").asInt()).isEqualTo(16);
            assertThat(sum(running.get("jobs"))).isEqualTo(16);
            assertThat(running.get("ended").asInt()).isEqualTo(running.get("jobs").get("succeeded").asInt()).isLessThan(16);
            assertThat(java.time.Instant.parse(running.get("estimatedEnd").asString())).isAfter(java.time.Instant.now());

            first.kill();
            second.kill();
            JdbcClient sql = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(database));
            long succeededAtDeath = sql.sql("SELECT count(*) FROM job WHERE campaign_id = ? AND state = 'succeeded'").param(campaign)
                    .query(Long.class).single();
            first.start();
            JsonNode restarted = progress(first, campaign);
            assertThat(restarted.get("total").asInt()).isEqualTo(16);
            assertThat(sum(restarted.get("jobs"))).isEqualTo(16);
            assertThat(restarted.get("jobs").get("succeeded").asLong()).isGreaterThanOrEqualTo(succeededAtDeath);

            JsonNode finished = awaitFinished(first, campaign);
            assertThat(finished.get("progress").get("jobs").get("succeeded").asInt()).isEqualTo(16);
            assertThat(finished.get("progress").get("percent").asDouble()).isEqualTo(100.0);
            assertThat(finished.get("progress").get("estimatedEnd").isNull()).isTrue();
        }
    }

    /** A PGE whose one input is optional and not waited for (the campaign's jobs are ready at once) that records each run. */
    private static Path appendingPge(Path runs, int seconds) throws java.io.IOException {
        return TestPges.script(runs.getParent().resolve("pges"), "appending.sh", """
                orbit=$1 start=$2 production=$3 out=$4; shift 4
                echo "$GRANARY_JOB_ID" >> %s
                sleep %d
                echo "OMTO3 orbit $orbit" > "$out/OMI-Aura_L2-OMTO3_${start}-o$(printf %%05d "$orbit")_v003-${production}.he5"
                """.formatted(runs, seconds));
    }

    /** Like {@link #appendingPge}, but each run waits until the gate file exists before it makes its output. */
    private static Path gatedPge(Path runs, Path gate) throws java.io.IOException {
        return TestPges.script(runs.getParent().resolve("pges"), "gated.sh", """
                orbit=$1 start=$2 production=$3 out=$4; shift 4
                echo "$GRANARY_JOB_ID" >> %s
                while [ ! -e %s ]; do sleep 0.1; done
                echo "OMTO3 orbit $orbit" > "$out/OMI-Aura_L2-OMTO3_${start}-o$(printf %%05d "$orbit")_v003-${production}.he5"
                """.formatted(runs, gate));
    }

    private void register(PlannerProcess planner, String token, String name, Path script) throws Exception {
        String registration = TestPges.omto3Registration(script, name, "1.0")
                .replace("\"mandatory\": true, \"minimumCount\": 1, \"waitFor\": \"PT1H\"", "\"mandatory\": false, \"minimumCount\": 0, \"waitFor\": \"PT0S\"");
        HttpResponse<String> registered = post(planner.url() + "/pges", registration, token);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    private long campaign(PlannerProcess planner, String token, String pge, int firstOrbit, int endOrbit) throws Exception {
        java.time.Instant reference = java.time.Instant.parse("2004-10-01T00:03:00Z");
        HttpResponse<String> created = post(planner.url() + "/campaigns", """
                {"pge": "%s", "from": "%s", "to": "%s", "description": "reprocessing test"}
                """.formatted(pge, reference.plusSeconds(5933L * (firstOrbit - 1132)), reference.plusSeconds(5933L * (endOrbit - 1132))), token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode view = RunningIngest.json(created.body());
        assertThat(view.get("progress").get("total").asInt()).isEqualTo(endOrbit - firstOrbit);
        return view.get("campaign").get("id").asLong();
    }

    private JsonNode progress(PlannerProcess planner, long campaign) {
        try {
            return RunningIngest.json(http.send(HttpRequest.newBuilder(URI.create(planner.url() + "/campaigns/" + campaign)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("progress");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode awaitFinished(PlannerProcess planner, long campaign) throws Exception {
        ArchiveNodes.await("campaign " + campaign + " finished", Duration.ofMinutes(2), () -> {
            try {
                return "finished".equals(RunningIngest.json(http.send(HttpRequest.newBuilder(URI.create(planner.url() + "/campaigns/" + campaign)).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("campaign").get("state").asString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return RunningIngest.json(http.send(HttpRequest.newBuilder(URI.create(planner.url() + "/campaigns/" + campaign)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int sum(JsonNode counts) {
        int sum = 0;
        for (JsonNode count : counts) {
            sum += count.asInt();
        }
        return sum;
    }

    /** Alive and not a zombie waiting for init to reap it. */
    static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            return process.isAlive() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    private HttpResponse<String> post(String url, String json, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
