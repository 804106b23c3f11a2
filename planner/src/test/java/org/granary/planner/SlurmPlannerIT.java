package org.granary.planner;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.granary.ingest.RunningIngest;
import org.granary.planner.execution.slurm.SlurmCluster;
import org.granary.postgres.TemporaryPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner with {@code granary.planner.executor=slurm} on a real one-node Slurm cluster. */
class SlurmPlannerIT {
    @TempDir
    Path home;

    @Test
    void theJobRunsAsASlurmBatchJobAndItsOutputIsCataloguedWithItsLineage() throws Exception {
        int port = RunningPlanner.freePort();
        try (SlurmCluster slurm = SlurmCluster.start();
                RunningIngest ingest = RunningIngest.start(home.resolve("ingest"), "planner_slurm_ingest", RunningPlanner.ingestSettingsFor(port));
                RunningPlanner planner = RunningPlanner.start(ingest, port, home.resolve("planner"), TemporaryPostgres.freshDatabase("planner_slurm"),
                        Map.of("granary.planner.executor", "slurm", "granary.planner.slurm.configuration", slurm.slurmConf().toString(),
                                "granary.planner.slurm.partition", SlurmCluster.PARTITION))) {
            planner.awaitHealthy();
            String scientist = ingest.token("scientist", "alice");
            HttpResponse<String> registered = planner.post("/pges", TestPges.omto3Registration(TestPges.omto3(home.resolve("pges")), "OMTO3-slurm",
                    "1.0"), scientist);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            HttpResponse<String> pushed = ingest.push(TestPges.level1b(1170), "radiances of 1170".getBytes(StandardCharsets.UTF_8),
                    ingest.token("station", "svalbard"));
            long input = RunningIngest.json(pushed.body()).get("id").asLong();

            RunningPlanner.awaitEvents(ingest, "the job succeeded on Slurm", Duration.ofMinutes(2), () -> {
                try {
                    return planner.json(planner.get("/jobs?pge=OMTO3-slurm&state=succeeded", null)).get("items").size() == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode job = planner.json(planner.get("/jobs?pge=OMTO3-slurm", null)).get("items").get(0);
            assertThat(job.get("run").asString()).startsWith("slurm:");
            assertThat(planner.json(planner.get("/jobs/" + job.get("id").asLong(), null)).toString()).contains("running as ");
            long output = planner.json(planner.get("/jobs/" + job.get("id").asLong(), null)).get("outputs").get(0).get("granuleId").asLong();
            JsonNode granule = RunningIngest.json(ingest.get("/granules/" + output).body());
            assertThat(granule.get("esdt").asString()).isEqualTo("OMTO3");
            assertThat(granule.get("producingJob").asString()).isEqualTo(job.get("id").asString());
            JsonNode lineage = planner.json(planner.get("/lineage/" + output + "/inputs", null)).get("granules");
            assertThat(lineage).hasSize(1);
            assertThat(lineage.get(0).get("granule").asLong()).isEqualTo(input);
            assertThat(planner.get("/jobs/" + job.get("id").asLong() + "/log?stream=stdout", null).body()).contains("made OMI-Aura_L2-OMTO3_");
        }
    }
}
