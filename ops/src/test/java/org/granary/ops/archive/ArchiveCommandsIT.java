package org.granary.ops.archive;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.granary.archive.ArchiveNodes;
import org.granary.archive.TestObjects;
import org.granary.archive.client.ArchiveClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ops/granary archive ...} against two real archive nodes, through the archive client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchiveCommandsIT {
    @TempDir
    static Path home;
    private ArchiveNodes nodes;
    private TestObjects object;

    private record Run(int exitCode, String output) {
    }

    @BeforeAll
    void start() throws Exception {
        nodes = ArchiveNodes.startTwo(home);
        object = TestObjects.random(1, 50_000);
        try (ArchiveClient client = nodes.client()) {
            client.put(object.checksum(), object.source(), "ops test");
        }
    }

    @AfterAll
    void stop() {
        nodes.close();
    }

    @Test
    @Order(1)
    void theMapEveryNodesUnderReplicatedObjectsAndVolumesArePrinted() throws Exception {
        Run map = run("map");
        Run status = run("status");
        Run volumes = run("volumes");

        assertThat(map.exitCode()).isZero();
        assertThat(map.output()).contains("epoch 0, 2 replicas").containsPattern("archive-1 +http://127\\.0\\.0\\.1:\\d+ +1\\.0 +active")
                .contains("archive-2");
        assertThat(map.output()).contains("write quorum 2").containsPattern("archive-1 .* active +-");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).containsPattern("archive-1 +0 +0 +-").containsPattern("archive-2 +0 +0 +-");
        assertThat(volumes.exitCode()).isZero();
        assertThat(volumes.output()).containsPattern("archive-1 +v1 +active").containsPattern("archive-2 +v1 +active");
    }

    @Test
    @Order(2)
    void aRebalanceIsPlannedRunAndFollowedOnEveryNode() throws Exception {
        Run plan = run("rebalance", "--dry-run", "--bytes-per-second", "1000000");
        Run rebalance = run("rebalance");

        assertThat(plan.exitCode()).isZero();
        assertThat(plan.output()).contains("archive-1: 0 of 1 objects (0 B) move away").contains("at 976.6 KiB/s")
                .contains("in all: 0 objects (0 B) move");
        assertThat(rebalance.exitCode()).as(rebalance.output()).isZero();
        assertThat(rebalance.output()).containsPattern("archive-1 +finished +1/1 examined, 0 moved away, 0 copies \\(0 B\\), 0 errors")
                .containsPattern("archive-2 +finished");
    }

    @Test
    @Order(3)
    void aScrubIsFollowedAndTheAuditShowsEveryNodesEvents() throws Exception {
        Run scrub = run("scrub");
        Run audit = run("audit", object.checksum());
        Run nothing = run("audit", TestObjects.random(2, 10).checksum());

        assertThat(scrub.exitCode()).as(scrub.output()).isZero();
        assertThat(scrub.output()).containsPattern("archive-1 +finished +1 verified \\(48\\.8 KiB\\), 0 corrupt, 0 missing, 0 repaired, "
                + "0 unrepairable, 0 problems");
        assertThat(audit.exitCode()).isZero();
        assertThat(audit.output()).as("time, node, volume, action, actor (the token's label), cause")
                .containsPattern("archive-1 +v1 +write +admin \\(made on first start\\) +ops test")
                .containsPattern("archive-2 +v1 +write +admin \\(made on first start\\) +ops test");
        assertThat(nothing.output()).contains("no node has any record of");
    }

    @Test
    @Order(4)
    void aNodeIsAddedDrainedAndRemovedWithTheEpochRead() throws Exception {
        Run added = run("add-node", "archive-3", "http://127.0.0.1:1", "--weight", "2");
        Run drained = run("drain", "archive-3");
        Run removed = run("remove-node", "archive-3");

        assertThat(added.output()).contains("epoch 1, 2 replicas").containsPattern("archive-3 +http://127\\.0\\.0\\.1:1 +2\\.0 +active");
        assertThat(drained.output()).contains("epoch 2").containsPattern("archive-3 .* draining");
        assertThat(removed.exitCode()).isZero();
        assertThat(removed.output()).contains("epoch 3").doesNotContain("archive-3");
    }

    @Test
    @Order(5)
    void anUnknownCommandPrintsTheUsageAndANodeDownIsSaid() throws Exception {
        Run unknown = run("defragment");
        nodes.kill("archive-2");
        Run audit = run("audit", object.checksum());
        Run status = run("status");

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.output()).containsPattern("archive-2 +did not answer");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("Unmatched argument", "defragment");
        assertThat(audit.exitCode()).isZero();
        assertThat(audit.output()).contains("(node archive-2 did not answer").containsPattern("archive-1 +v1 +write");
    }

    private Run run(String... arguments) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> urls = List.of(nodes.node("archive-1").url(), nodes.node("archive-2").url());
        PrintStream printed = new PrintStream(output, true, StandardCharsets.UTF_8);
        PrintWriter writer = new PrintWriter(printed, true, StandardCharsets.UTF_8);
        // Parsed as ops/granary parses it, with the commands' output and picocli's messages in one stream.
        int exitCode = new CommandLine(new ArchiveCommandLine(() -> new ArchiveCommands(urls, nodes.adminTokenFile(), printed)))
                .setOut(writer).setErr(writer).execute(arguments);
        return new Run(exitCode, output.toString(StandardCharsets.UTF_8));
    }
}
