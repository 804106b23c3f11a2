package org.granary.planner;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.granary.archive.ArchiveNodes;
import org.granary.ingest.RunningIngest;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner with a real ingest-service and archive nodes: granules pushed by a station make the
 * right jobs, which run as real processes and push their products, which make the next jobs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlannerIT {
    @TempDir
    static Path home;

    private RunningIngest ingest;
    private RunningPlanner planner;
    private String scientist;
    private String station;

    @BeforeAll
    void start() throws Exception {
        int port = RunningPlanner.freePort();
        ingest = RunningIngest.start(home.resolve("ingest"), "planner_it_ingest", RunningPlanner.ingestSettingsFor(port));
        planner = RunningPlanner.start(ingest, port, home.resolve("planner"), TemporaryPostgres.freshDatabase("planner_it"), Map.of());
        planner.awaitHealthy();
        scientist = ingest.token("scientist", "alice");
        station = ingest.token("station", "svalbard");
    }

    @AfterAll
    void stop() {
        if (planner != null) {
            planner.close();
        }
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void arrivingGranulesMakeExactlyTheirJobsAndTheChainRunsToLevel3WithItsLineage() throws Exception {
        Path pges = home.resolve("pges");
        register(TestPges.omto3Registration(TestPges.omto3(pges), "OMTO3-chain", "1.0"));
        register("""
                {"name": "OMTO3d-chain", "version": "1.0",
                 "command": ["%s", "{start:yyyy'm'MMdd}", "{production:yyyy'm'MMdd't'HHmmss}", "{outputDirectory}", "{inputs:OMTO3}"],
                 "timeUnit": "day",
                 "inputs": [{"esdt": "OMTO3", "selection": "overlap", "mandatory": true, "minimumCount": 2, "waitFor": "PT1H"}],
                 "outputs": ["OMTO3d"], "timeLimit": "PT5M"}
                """.formatted(TestPges.omto3d(pges)));

        long first = pushLevel1b(1132);
        awaitJobs("OMTO3-chain", "succeeded", 1);
        JsonNode waiting = awaitJobs("OMTO3d-chain", "waiting", 1).getFirst();
        assertThat(waiting.get("reason").asString()).startsWith("waiting for OMTO3 (1 of 2) until");
        long second = pushLevel1b(1133);

        List<JsonNode> level2 = awaitJobs("OMTO3-chain", "succeeded", 2);
        assertThat(level2).extracting(job -> job.get("orbit").asInt()).containsExactlyInAnyOrder(1132, 1133);
        JsonNode daily = awaitJobs("OMTO3d-chain", "succeeded", 1).getFirst();
        assertThat(daily.get("unitStart").asString()).isEqualTo("2004-10-01T00:00:00Z");
        assertThat(jobs("OMTO3-chain", null)).as("no job for an orbit without data").hasSize(2);

        JsonNode dailyDetail = planner.json(planner.get("/jobs/" + daily.get("id").asLong(), null));
        assertThat(dailyDetail.get("inputs")).hasSize(2);
        long level3 = dailyDetail.get("outputs").get(0).get("granuleId").asLong();
        JsonNode granule = RunningIngest.json(ingest.get("/granules/" + level3).body());
        assertThat(granule.get("esdt").asString()).isEqualTo("OMTO3d");
        assertThat(granule.get("producingJob").asString()).isEqualTo(daily.get("id").asString());
        assertThat(transitions(dailyDetail)).containsSubsequence("planned", "waiting", "ready", "queued", "running", "succeeded");

        JsonNode inputs = planner.json(planner.get("/lineage/" + level3 + "/inputs", null)).get("granules");
        assertThat(inputs).extracting(entry -> entry.get("esdt").asString() + "@" + entry.get("depth").asInt())
                .containsExactlyInAnyOrder("OMTO3@1", "OMTO3@1", "OML1BRUG@2", "OML1BRUG@2");
        assertThat(inputs).extracting(entry -> entry.get("granule").asLong()).contains(first, second);
        JsonNode derived = planner.json(planner.get("/lineage/" + first + "/derived", null)).get("granules");
        assertThat(derived).extracting(entry -> entry.get("esdt").asString() + "@" + entry.get("depth").asInt())
                .containsExactlyInAnyOrder("OMTO3@1", "OMTO3d@2");
    }

    @Test
    void aMissingMandatoryInputKeepsTheJobWaitingAndTheDeadlineFailsItWithTheReason() throws Exception {
        Path pges = home.resolve("pges-deadline");
        register("""
                {"name": "OMTO3-two-inputs", "version": "1.0",
                 "command": ["%s", "{orbit}", "{start:yyyy'm'MMdd't'HHmm}", "{production:yyyy'm'MMdd't'HHmmss}", "{outputDirectory}", "{inputs}"],
                 "timeUnit": "orbit",
                 "inputs": [{"esdt": "OML1BRVG", "selection": "overlap", "mandatory": true, "waitFor": "PT4S"},
                            {"esdt": "OML1BIRR", "selection": "latest-before", "mandatory": true, "waitFor": "PT4S"}],
                 "outputs": ["OMTO3"]}
                """.formatted(TestPges.omto3(pges)));
        push(TestPges.level1b(1140).replace("OML1BRUG", "OML1BRVG"), "radiances of 1140");

        JsonNode waiting = awaitJobs("OMTO3-two-inputs", "waiting", 1).getFirst();
        assertThat(waiting.get("reason").asString()).startsWith("waiting for OML1BIRR (0 of 1) until");

        JsonNode failed = awaitJobs("OMTO3-two-inputs", "failed", 1).getFirst();
        assertThat(failed.get("reason").asString()).startsWith("mandatory inputs missing at the deadline").endsWith("OML1BIRR (0 of 1)");
        assertThat(failed.get("attempts").asInt()).as("it never ran").isZero();
    }

    @Test
    void aPgeExitingNonZeroIsRetriedWithBackoffThenFailsWithItsLogKept() throws Exception {
        Path pges = home.resolve("pges-failing");
        register(TestPges.omto3Registration(TestPges.failing(pges), "OMTO3-failing", "1.0").replace("OML1BRUG", "OML1BCAL"));
        push(TestPges.level1b(1150).replace("OML1BRUG", "OML1BCAL"), "calibration of 1150");

        JsonNode failed = awaitJobs("OMTO3-failing", "failed", 1).getFirst();
        assertThat(failed.get("attempts").asInt()).isEqualTo(2);
        assertThat(failed.get("reason").asString()).startsWith("attempt 2 of 2 exited with 3").endsWith("no attempts left");
        JsonNode detail = planner.json(planner.get("/jobs/" + failed.get("id").asLong(), null));
        assertThat(transitions(detail)).containsSubsequence("running", "waiting", "ready", "queued", "running", "failed");
        assertThat(detail.get("transitions").toString()).contains("retry at");
        HttpResponse<String> log = planner.get("/jobs/" + failed.get("id").asLong() + "/log", null);
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body()).contains("calibration table out of range for orbit 1150");
        assertThat(planner.get("/jobs/" + failed.get("id").asLong() + "/log?attempt=1", null).body()).contains("orbit 1150");
    }

    private void register(String pge) throws Exception {
        HttpResponse<String> registered = planner.post("/pges", pge, scientist);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    private long pushLevel1b(int orbit) throws Exception {
        return push(TestPges.level1b(orbit), "radiances of orbit " + orbit);
    }

    private long push(String name, String content) throws Exception {
        HttpResponse<String> pushed = ingest.push(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8), station);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        return RunningIngest.json(pushed.body()).get("id").asLong();
    }

    private List<JsonNode> awaitJobs(String pge, String state, int count) throws Exception {
        ArchiveNodes.await(count + " " + state + " jobs of " + pge, Duration.ofSeconds(60), () -> {
            try {
                return jobs(pge, state).size() >= count;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return jobs(pge, state);
    }

    private List<JsonNode> jobs(String pge, String state) throws Exception {
        JsonNode page = planner.json(planner.get("/jobs?pge=" + pge + (state == null ? "" : "&state=" + state), null));
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    private static List<String> transitions(JsonNode detail) {
        List<String> states = new ArrayList<>();
        detail.get("transitions").forEach(transition -> states.add(transition.get("to").asString()));
        return states;
    }
}
