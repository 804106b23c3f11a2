package org.granary.planner;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.granary.archive.ArchiveNodes;
import org.granary.ingest.RunningIngest;
import org.granary.ingest.client.IngestClient;
import org.granary.ingest.client.SyncRecord;
import org.granary.platform.auth.ServiceName;
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
    private int port;
    private String scientist;
    private String station;

    @BeforeAll
    void start() throws Exception {
        port = RunningPlanner.freePort();
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

    /**
     * metadata-sync catalogues the legacy system's files in ingest without their content (no SHA-256):
     * no job could stage one. Their events go to no subscriber, the planner does not learn them, and
     * a planner restarted after one reads the catalogue back past it and becomes healthy.
     */
    @Test
    void aGranuleCataloguedFromTheLegacySystemIsNotSentNorLearnedAndARestartReadsPastIt() throws Exception {
        String fileName = TestPges.level1b(1190);
        String syncToken = Files.readString(ingest.archive().serviceTokenFile(ServiceName.METADATA_SYNC)).strip();
        Instant start = Instant.parse("2004-10-04T10:00:00Z");
        try (IngestClient client = new IngestClient(ingest.url(), syncToken)) {
            var results = client.sync("legacy", List.of(new SyncRecord(fileName, false, "OML1BRUG", 3, start,
                    start.plusSeconds(5933), start.plusSeconds(86_400), 1190, 1000L, "0123456789abcdef0123456789abcdef", null, "archived", null)));
            assertThat(results).singleElement().satisfies(result -> assertThat(result.outcome()).isEqualTo("inserted"));
        }
        long granule = ingest.sql().sql("SELECT id FROM granule WHERE file_name = ?").param(fileName).query(Long.class).single();

        RunningPlanner.awaitEvents(ingest, "the fan-out past the legacy granule's event", Duration.ofSeconds(30), () -> ingest.sql().sql("""
                SELECT (c.last_transaction_id, c.last_event_id) >= (e.transaction_id, e.id) FROM outbox_cursor c, outbox_event e
                WHERE c.name = 'fan-out' AND e.granule_id = ?""").param(granule).query(Boolean.class).single());
        assertThat(ingest.sql().sql("SELECT count(*) FROM delivery d JOIN outbox_event e ON e.id = d.event_id WHERE e.granule_id = ?").param(granule)
                .query(Long.class).single()).as("sent to no subscriber").isZero();
        assertThat(planner.sql().sql("SELECT count(*) FROM granule WHERE id = ?").param(granule).query(Long.class).single()).as("not learned").isZero();

        String database = planner.databaseUrl();
        planner.close();
        planner = RunningPlanner.start(ingest, port, home.resolve("planner"), database, Map.of());
        planner.awaitHealthy();
        assertThat(planner.sql().sql("SELECT count(*) FROM granule WHERE id = ?").param(granule).query(Long.class).single()).isZero();
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
        assertThat(waiting.get("unitStart").asString()).isEqualTo("2004-10-01T00:00:00Z");
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

        // the radiances of orbit 1132 were bad: a corrected file (a new version of the product) comes first, then the remake
        long corrected = push(TestPges.level1b(1132), "corrected radiances of orbit 1132");
        RunningPlanner.awaitEvents(ingest, "the planner learned the corrected file", Duration.ofSeconds(30), () -> {
            try {
                return planner.get("/lineage/" + corrected + "/inputs", null).statusCode() == 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        HttpResponse<String> remake = planner.post("/campaigns", "{\"remakeDerivedFrom\": " + first + "}", scientist);
        assertThat(remake.statusCode()).as(remake.body()).isEqualTo(201);
        JsonNode campaign = planner.json(remake).get("campaign");
        assertThat(planner.json(remake).get("progress").get("total").asInt()).as("the level 2 job of orbit 1132 and the daily job").isEqualTo(2);
        JsonNode remade = awaitCampaign(campaign.get("id").asLong(), "finished");
        assertThat(remade.get("progress").get("jobs").get("succeeded").asInt()).isEqualTo(2);
        List<JsonNode> remadeJobs = new ArrayList<>();
        planner.json(planner.get("/jobs?campaign=" + campaign.get("id").asLong(), null)).get("items").forEach(remadeJobs::add);
        JsonNode remadeDaily = remadeJobs.stream().filter(job -> job.get("pge").asString().equals("OMTO3d-chain")).findFirst().orElseThrow();
        JsonNode remadeLevel2 = remadeJobs.stream().filter(job -> job.get("pge").asString().equals("OMTO3-chain")).findFirst().orElseThrow();
        assertThat(remadeLevel2.get("orbit").asInt()).isEqualTo(1132);
        assertThat(java.time.Instant.parse(remadeDaily.get("startedAt").asString()))
                .as("the daily job is remade after the level 2 job making its input").isAfter(java.time.Instant.parse(remadeLevel2.get("endedAt").asString()));
        JsonNode remadeDetail = planner.json(planner.get("/jobs/" + remadeDaily.get("id").asLong(), null));
        assertThat(remadeDetail.get("transitions").toString()).contains("waiting for the jobs making its inputs: job " + remadeLevel2.get("id").asLong());
        long newLevel2 = planner.json(planner.get("/jobs/" + remadeLevel2.get("id").asLong(), null)).get("outputs").get(0).get("granuleId").asLong();
        assertThat(remadeDetail.get("inputs")).extracting(JsonNode::asLong).as("the remade level 2 granule, not the one it replaces")
                .contains(newLevel2).doesNotContain(level2Output(level2, 1132));
    }

    @Test
    void cancellingARunningJobStopsItsProcess() throws Exception {
        Path pges = home.resolve("pges-cancel");
        Path pge = TestPges.script(pges, "sleeping.sh", "sleep 600\n");
        register(TestPges.omto3Registration(pge, "OMTO3-cancel", "1.0").replace("OML1BRUG", "OMNO2"));
        push(TestPges.level2Name("OMNO2", 1180), "nitrogen dioxide of 1180");
        JsonNode running = awaitJobs("OMTO3-cancel", "running", 1).getFirst();
        List<ProcessHandle> processes = ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(pge.toString())).orElse(false)).toList();
        assertThat(processes).isNotEmpty();

        HttpResponse<String> cancel = planner.post("/jobs/" + running.get("id").asLong() + "/cancel", "", scientist);
        assertThat(cancel.statusCode()).as(cancel.body()).isIn(200, 202);

        JsonNode cancelled = awaitJobs("OMTO3-cancel", "cancelled", 1).getFirst();
        assertThat(cancelled.get("reason").asString()).startsWith("cancelled while running");
        ArchiveNodes.await("the PGE stopped", Duration.ofSeconds(20), () -> processes.stream().noneMatch(PlannerCrashIT::running));
        assertThat(planner.post("/jobs/" + running.get("id").asLong() + "/cancel", "", scientist).statusCode()).as("cancelling again changes nothing")
                .isEqualTo(200);
    }

    @Test
    void routineWorkGoesBeforeTheReadyJobsOfACampaign() throws Exception {
        Path pges = home.resolve("pges-fair");
        register(TestPges.omto3Registration(TestPges.level2(pges, "OMAERUV", 2), "OMTO3-campaign", "1.0").replace("OML1BRUG", "OMCLDRR")
                .replace("\"outputs\": [\"OMTO3\"]", "\"outputs\": [\"OMAERUV\"]")
                .replace("\"mandatory\": true, \"minimumCount\": 1, \"waitFor\": \"PT1H\"", "\"mandatory\": false, \"minimumCount\": 0, \"waitFor\": \"PT0S\""));
        register(TestPges.omto3Registration(TestPges.level2(pges, "OMAERUV", 0), "OMTO3-routine", "1.0").replace("OML1BRUG", "OMSO2")
                .replace("\"outputs\": [\"OMTO3\"]", "\"outputs\": [\"OMAERUV\"]"));
        java.time.Instant reference = java.time.Instant.parse("2004-10-01T00:03:00Z");
        HttpResponse<String> campaign = planner.post("/campaigns", """
                {"pge": "OMTO3-campaign", "from": "%s", "to": "%s"}
                """.formatted(reference.plusSeconds(5933L * (2000 - 1132)), reference.plusSeconds(5933L * (2008 - 1132))), scientist);
        assertThat(campaign.statusCode()).as(campaign.body()).isEqualTo(201);
        awaitJobs("OMTO3-campaign", "running", 2);

        push(TestPges.level2Name("OMSO2", 2100), "sulphur dioxide of 2100");
        JsonNode routine = awaitJobs("OMTO3-routine", "succeeded", 1).getFirst();

        JsonNode detail = planner.json(planner.get("/jobs/" + routine.get("id").asLong(), null));
        java.time.Instant ready = null;
        for (JsonNode transition : detail.get("transitions")) {
            if (transition.get("to").asString().equals("ready")) {
                ready = java.time.Instant.parse(transition.get("at").asString());
            }
        }
        java.time.Instant started = java.time.Instant.parse(routine.get("startedAt").asString());
        long overtaking = planner.sql().sql("""
                SELECT count(*) FROM job WHERE pge_name = 'OMTO3-campaign' AND started_at > ? AND started_at < ?
                """).param(java.time.OffsetDateTime.ofInstant(ready, java.time.ZoneOffset.UTC))
                .param(java.time.OffsetDateTime.ofInstant(started, java.time.ZoneOffset.UTC)).query(Long.class).single();
        assertThat(overtaking).as("campaign jobs started between the routine job's ready and its start (at most a claim under way)")
                .isLessThanOrEqualTo(1);
        long after = planner.sql().sql("SELECT count(*) FROM job WHERE pge_name = 'OMTO3-campaign' AND (started_at IS NULL OR started_at > ?)")
                .param(java.time.OffsetDateTime.ofInstant(started, java.time.ZoneOffset.UTC)).query(Long.class).single();
        assertThat(after).as("the routine job did not wait behind the campaign").isGreaterThanOrEqualTo(4);
    }

    @Test
    void aPausedCampaignStartsNoJobUntilResumedAndACancelledOneStopsItsRunningJobs() throws Exception {
        Path pges = home.resolve("pges-pause");
        register(TestPges.omto3Registration(TestPges.level2(pges, "OMAERUV", 1), "OMAERUV-paused", "1.0").replace("OML1BRUG", "OMTO3e")
                .replace("\"outputs\": [\"OMTO3\"]", "\"outputs\": [\"OMAERUV\"]")
                .replace("\"mandatory\": true, \"minimumCount\": 1, \"waitFor\": \"PT1H\"", "\"mandatory\": false, \"minimumCount\": 0, \"waitFor\": \"PT0S\""));
        java.time.Instant reference = java.time.Instant.parse("2004-10-01T00:03:00Z");
        HttpResponse<String> created = planner.post("/campaigns", """
                {"pge": "OMAERUV-paused", "from": "%s", "to": "%s"}
                """.formatted(reference.plusSeconds(5933L * (3000 - 1132)), reference.plusSeconds(5933L * (3006 - 1132))), scientist);
        long campaign = planner.json(created).get("campaign").get("id").asLong();
        JsonNode paused = planner.json(planner.post("/campaigns/" + campaign + "/pause", "", scientist));
        assertThat(paused.get("campaign").get("state").asString()).isEqualTo("paused");
        long startedAtPause = startedJobs(campaign);
        Thread.sleep(4000);
        assertThat(startedJobs(campaign)).as("no job of a paused campaign starts").isEqualTo(startedAtPause);

        assertThat(planner.post("/campaigns/" + campaign + "/resume", "", scientist).statusCode()).isEqualTo(200);
        assertThat(awaitCampaign(campaign, "finished").get("progress").get("jobs").get("succeeded").asInt()).isEqualTo(6);

        Path sleeping = TestPges.script(pges, "sleeping-campaign.sh", "sleep 600\n");
        register(TestPges.omto3Registration(sleeping, "OMAERUV-cancelled", "1.0").replace("OML1BRUG", "OMTO3e")
                .replace("\"outputs\": [\"OMTO3\"]", "\"outputs\": [\"OMAERUV\"]")
                .replace("\"mandatory\": true, \"minimumCount\": 1, \"waitFor\": \"PT1H\"", "\"mandatory\": false, \"minimumCount\": 0, \"waitFor\": \"PT0S\""));
        long doomed = planner.json(planner.post("/campaigns", """
                {"pge": "OMAERUV-cancelled", "from": "%s", "to": "%s"}
                """.formatted(reference.plusSeconds(5933L * (3100 - 1132)), reference.plusSeconds(5933L * (3104 - 1132))), scientist))
                .get("campaign").get("id").asLong();
        awaitJobs("OMAERUV-cancelled", "running", 2);
        assertThat(planner.post("/campaigns/" + doomed + "/cancel", "", scientist).statusCode()).isEqualTo(200);
        ArchiveNodes.await("every job of the cancelled campaign cancelled", Duration.ofSeconds(30), () -> {
            try {
                return jobs("OMAERUV-cancelled", "cancelled").size() == 4;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ArchiveNodes.await("its PGEs stopped", Duration.ofSeconds(20), () -> ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(sleeping.toString())).orElse(false))
                .noneMatch(PlannerCrashIT::running));
        assertThat(planner.json(planner.get("/campaigns/" + doomed, null)).get("campaign").get("state").asString()).isEqualTo("cancelled");
    }

    private long startedJobs(long campaign) {
        return planner.sql().sql("SELECT count(*) FROM job WHERE campaign_id = ? AND started_at IS NOT NULL").param(campaign).query(Long.class).single();
    }

    @Test
    void aPeriodicPlanMakesTheJobOfTheUnitThatEndedLast() throws Exception {
        Path pges = home.resolve("pges-periodic");
        register("""
                {"name": "OMTO3e-daily", "version": "1.0",
                 "command": ["%s", "{start:yyyy'm'MMdd}", "{production:yyyy'm'MMdd't'HHmmss}", "{outputDirectory}", "{inputs}"],
                 "timeUnit": "day", "schedule": "0/2 * * * * ?",
                 "inputs": [{"esdt": "OMDOAO3", "selection": "overlap", "mandatory": true, "waitFor": "PT6H"}],
                 "outputs": ["OMTO3e"]}
                """.formatted(TestPges.omto3d(pges)));
        JsonNode planned = awaitJobs("OMTO3e-daily", "waiting", 1).getFirst();
        java.time.Instant yesterday = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(1));
        assertThat(java.time.Instant.parse(planned.get("unitStart").asString())).isIn(yesterday, yesterday.minus(Duration.ofDays(1)));
        assertThat(planned.get("requestedBy").asString()).isEqualTo("schedule");
        assertThat(planned.get("reason").asString()).startsWith("waiting for OMDOAO3 (0 of 1)");
    }

    @Test
    void refusesWhatIsNotAllowedOrNotValidWithAProblemAndChangesNothing() throws Exception {
        Path pge = TestPges.omto3(home.resolve("pges-refusals"));
        String valid = TestPges.omto3Registration(pge, "OMTO3-refusals", "1.0");
        assertThat(planner.post("/pges", valid, null).statusCode()).isEqualTo(401);
        assertThat(planner.post("/pges", valid, station).statusCode()).isEqualTo(403);
        HttpResponse<String> placeholder = planner.post("/pges", valid.replace("{orbit}", "{orbitt}"), scientist);
        assertThat(placeholder.statusCode()).isEqualTo(400);
        assertThat(placeholder.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(placeholder.body()).contains("unknown placeholder {orbitt}");
        assertThat(planner.post("/pges", valid.replace(pge.toString(), "/no/such/pge"), scientist).body()).contains("is not an executable file");
        assertThat(planner.post("/pges", valid.replace("\"timeUnit\": \"orbit\"", "\"timeUnit\": \"week\""), scientist).statusCode()).isEqualTo(400);
        assertThat(planner.post("/pges", "{\"name\": ", scientist).statusCode()).isEqualTo(400);
        assertThat(planner.get("/pges/OMTO3-refusals", null).statusCode()).as("nothing registered").isEqualTo(404);

        assertThat(planner.post("/pges", valid, scientist).statusCode()).isEqualTo(201);
        assertThat(planner.post("/pges", valid, scientist).statusCode()).as("the same again").isEqualTo(200);
        HttpResponse<String> changed = planner.post("/pges", valid.replace("\"cores\": 1", "\"cores\": 2"), scientist);
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.body()).contains("register a new version");

        assertThat(planner.post("/campaigns", "{\"pge\": \"OMTO3-refusals\", \"from\": \"2005-01-02T00:00:00Z\", \"to\": \"2005-01-01T00:00:00Z\"}",
                scientist).statusCode()).isEqualTo(400);
        assertThat(planner.post("/campaigns", "{\"pge\": \"nope\", \"from\": \"2005-01-01T00:00:00Z\", \"to\": \"2005-01-02T00:00:00Z\"}",
                scientist).statusCode()).isEqualTo(404);
        assertThat(planner.post("/campaigns", "{\"remakeDerivedFrom\": 999999}", scientist).statusCode()).isEqualTo(409);
        assertThat(planner.get("/jobs?state=bogus", null).statusCode()).isEqualTo(400);
        assertThat(planner.get("/jobs/999999", null).statusCode()).isEqualTo(404);
        assertThat(planner.get("/jobs/999999/log", null).statusCode()).isEqualTo(404);
        assertThat(planner.get("/lineage/999999/inputs", null).statusCode()).isEqualTo(404);

        String event = "{\"type\": \"granule-archived\", \"granule\": {}}";
        HttpResponse<String> withoutKey = send(planner.url() + "/events/ingest", event, "Granary-Event-Id", "1");
        assertThat(withoutKey.statusCode()).isEqualTo(403);
        assertThat(send(planner.url() + "/events/ingest?key=wrong", event, "Granary-Event-Id", "1").statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> send(String url, String json, String header, String value) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header(header, value)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long level2Output(List<JsonNode> level2Jobs, int orbit) throws Exception {
        JsonNode job = level2Jobs.stream().filter(candidate -> candidate.get("orbit").asInt() == orbit).findFirst().orElseThrow();
        return planner.json(planner.get("/jobs/" + job.get("id").asLong(), null)).get("outputs").get(0).get("granuleId").asLong();
    }

    private JsonNode awaitCampaign(long id, String state) throws Exception {
        ArchiveNodes.await("campaign " + id + " " + state, Duration.ofSeconds(90), () -> {
            try {
                return planner.json(planner.get("/campaigns/" + id, null)).get("campaign").get("state").asString().equals(state);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return planner.json(planner.get("/campaigns/" + id, null));
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
        RunningPlanner.awaitEvents(ingest, count + " " + state + " jobs of " + pge, Duration.ofSeconds(60), () -> {
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
