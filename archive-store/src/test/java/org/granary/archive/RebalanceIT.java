package org.granary.archive;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.granary.archive.client.ArchiveClient;
import org.granary.archive.client.ClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A third node joins a two-node cluster (R = 2): what moves, and that nothing is lost. */
class RebalanceIT {
    private static final int OBJECTS = 300;
    private static final int SIZE = 8_192;

    @TempDir
    Path home;
    private ArchiveNodes nodes;

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void addingANodeMovesAboutTheOptimumLosesNothingAndLeavesEveryObjectOnItsPreferredNodes() throws Exception {
        nodes = new ArchiveNodes(home);
        for (String id : List.of("archive-1", "archive-2", "archive-3")) {
            nodes.define(id);
        }
        nodes.start("archive-1", List.of("archive-1", "archive-2"));
        nodes.start("archive-2", List.of("archive-1", "archive-2"));
        List<TestObjects> objects = new ArrayList<>();
        try (ArchiveClient client = nodes.client(Duration.ofHours(1))) {
            for (int i = 0; i < OBJECTS; i++) {
                TestObjects object = TestObjects.random(10_000 + i, SIZE);
                client.put(object.checksum(), object.source());
                objects.add(object);
            }

            nodes.start("archive-3", List.of("archive-1", "archive-2"));
            String added = nodes.send(nodes.request("archive-1", "/cluster/nodes?expectedEpoch=0").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"archive-3\",\"url\":\"" + nodes.node("archive-3").url() + "\"}"))).body();
            assertThat(added).contains("\"epoch\":1");
            for (String id : List.of("archive-2", "archive-3")) {
                ArchiveNodes.await(id + " to learn epoch 1", Duration.ofSeconds(30), () -> nodes.body(id, "/cluster/map").contains("\"epoch\":1"));
            }

            long plannedAway = 0;
            for (String id : List.of("archive-1", "archive-2")) {
                String plan = nodes.body(id, "/rebalance/plan");
                plannedAway += Long.parseLong(plan.replaceAll(".*\"objectsToMoveAway\":(\\d+).*", "$1"));
            }
            // archive-1 starts slowly and is SIGKILLed mid-run: its run must resume where it stopped.
            String started = nodes.send(nodes.request("archive-1", "/rebalance?bytesPerSecond=100000").POST(HttpRequest.BodyPublishers.noBody())).body();
            String runId = started.replaceAll(".*\"id\":(\\d+).*", "$1");
            ArchiveNodes.await("archive-1 to be under way", Duration.ofMinutes(1), () -> examined(nodes.body("archive-1", "/rebalance")) >= 30);
            nodes.kill("archive-1");
            nodes.start("archive-1", List.of("archive-1", "archive-2"));
            for (String id : List.of("archive-2", "archive-3")) {
                nodes.send(nodes.request(id, "/rebalance").POST(HttpRequest.BodyPublishers.noBody()));
            }
            long moved = 0;
            for (String id : List.of("archive-1", "archive-2", "archive-3")) {
                ArchiveNodes.await("rebalance of " + id, Duration.ofMinutes(3), () -> nodes.body(id, "/rebalance").contains("\"state\":\"finished\""));
                String run = nodes.body(id, "/rebalance");
                moved += Long.parseLong(run.replaceAll(".*\"objectsMoved\":(\\d+).*", "$1"));
                assertThat(run).contains("\"errors\":0");
            }

            String resumed = nodes.body("archive-1", "/rebalance");
            assertThat(resumed).as("the interrupted run resumed and finished").contains("\"id\":" + runId + ",");
            assertThat(examined(resumed)).isEqualTo(Long.parseLong(resumed.replaceAll(".*\"objectsTotal\":(\\d+).*", "$1")));

            double optimum = OBJECTS * 2.0 / 3;
            System.out.printf("rebalance: %d of %d objects moved a copy to the new node (optimum R/(N+1) = %.0f): %.3f x optimum%n",
                    moved, OBJECTS, optimum, moved / optimum);
            assertThat(moved).isEqualTo(plannedAway);
            assertThat(moved).isLessThanOrEqualTo((long) (1.2 * optimum));
            client.holders(objects.getFirst().checksum());
            assertThat(client.map().epoch()).as("a node's answer with a newer epoch refreshes the client's map at once").isEqualTo(1);
            for (TestObjects object : objects) {
                List<String> preferred = client.map().placement().preferred(object.checksum()).stream().map(ClusterNode::id).toList();
                assertThat(client.holders(object.checksum())).as(object.checksum()).containsExactlyInAnyOrderElementsOf(preferred);
                for (String holder : preferred) {
                    assertThat(java.nio.file.Files.readAllBytes(nodes.node(holder).objectFile(object.checksum()))).isEqualTo(object.content());
                }
            }
        }
    }

    private static long examined(String run) {
        return run.contains("objectsExamined") ? Long.parseLong(run.replaceAll(".*\"objectsExamined\":(\\d+).*", "$1")) : 0;
    }
}
