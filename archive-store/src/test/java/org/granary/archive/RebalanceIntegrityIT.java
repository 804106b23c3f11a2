package org.granary.archive;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.granary.archive.client.ArchiveClient;
import org.granary.archive.client.ClusterMap;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.client.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third node joins a two-node cluster (R = 2) while one of the staying copies is corrupt: the
 * leaving copy is dropped only after the copies it relies on were verified by hash, the corrupt
 * one is repaired, and each object that moves is sent to the new node once, not by every holder.
 */
class RebalanceIntegrityIT {
    private static final int OBJECTS = 40;
    private static final int SIZE = 64 << 10;
    private static final List<String> FIRST_TWO = List.of("archive-1", "archive-2");

    @TempDir
    Path home;
    private ArchiveNodes nodes;

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void aCorruptStayingCopyIsRepairedNotReliedOnAndEachMovingObjectIsSentOnce() throws Exception {
        nodes = new ArchiveNodes(home);
        for (String id : List.of("archive-1", "archive-2", "archive-3")) {
            nodes.define(id);
        }
        for (String id : FIRST_TWO) {
            nodes.start(id, FIRST_TWO);
        }
        nodes.start("archive-3", FIRST_TWO);
        List<TestObjects> objects = new ArrayList<>();
        try (ArchiveClient client = nodes.client(Duration.ofHours(1))) {
            for (int i = 0; i < OBJECTS; i++) {
                TestObjects object = TestObjects.random(20_000 + i, SIZE);
                client.put(object.checksum(), object.source());
                objects.add(object);
            }
        }
        ClusterMap next = new ClusterMap(1, 2, List.of("archive-1", "archive-2", "archive-3").stream()
                .map(id -> new ClusterNode(id, nodes.node(id).url(), 1, NodeState.ACTIVE)).toList());
        TestObjects moving = objects.stream().filter(object -> next.placement().isPreferred(object.checksum(), "archive-3")).findFirst()
                .orElseThrow();
        String staying = next.placement().preferred(moving.checksum()).stream().map(ClusterNode::id)
                .filter(id -> !id.equals("archive-3")).findFirst().orElseThrow();
        String leaving = staying.equals("archive-1") ? "archive-2" : "archive-1";
        flip(staying, moving, SIZE / 2);

        nodes.send(nodes.request("archive-1", "/cluster/nodes?expectedEpoch=0").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"archive-3\",\"url\":\"" + nodes.node("archive-3").url() + "\"}")));
        for (String id : List.of("archive-2", "archive-3")) {
            ArchiveNodes.await(id + " to learn epoch 1", Duration.ofSeconds(30), () -> nodes.body(id, "/cluster/map").contains("\"epoch\":1"));
        }
        long plannedCopies = 0;
        for (String id : FIRST_TWO) {
            String plan = nodes.body(id, "/rebalance/plan");
            plannedCopies += Long.parseLong(plan.replaceAll(".*\"copiesPerTarget\":\\{\"archive-3\":(\\d+).*", "$1"));
        }
        for (String id : FIRST_TWO) {
            nodes.send(nodes.request(id, "/rebalance").POST(HttpRequest.BodyPublishers.noBody()));
        }
        for (String id : FIRST_TWO) {
            ArchiveNodes.await("rebalance of " + id, Duration.ofMinutes(3), () -> nodes.body(id, "/rebalance").contains("\"state\":\"finished\""));
        }

        assertThat(nodes.node(leaving).objectFile(moving.checksum())).as("the leaving copy went once the others were verified").doesNotExist();
        assertThat(Files.readAllBytes(nodes.node(staying).objectFile(moving.checksum()))).as("the corrupt copy was replaced")
                .isEqualTo(moving.content());
        assertThat(Files.readAllBytes(nodes.node("archive-3").objectFile(moving.checksum()))).isEqualTo(moving.content());
        assertThat(nodes.body(staying, "/audit/" + moving.checksum())).contains("\"action\":\"quarantine\"").contains("verification");

        long onNewNode = objects.stream().filter(object -> Files.exists(nodes.node("archive-3").objectFile(object.checksum()))).count();
        long putsReceived = putsReceived("archive-3");
        System.out.printf("rebalance onto a new node: %d objects arrived in %d PUTs (planned %d copies)%n", onNewNode, putsReceived,
                plannedCopies);
        assertThat(onNewNode).isEqualTo(objects.stream().filter(object -> next.placement().isPreferred(object.checksum(), "archive-3")).count());
        assertThat(putsReceived).as("each object is sent to the new node by one holder").isEqualTo(onNewNode);
        assertThat(plannedCopies).as("the dry run counts only the copies that must move").isEqualTo(onNewNode);
    }

    /** The PUTs of objects a node answered, from its request metrics. */
    private long putsReceived(String node) {
        return nodes.body(node, "/actuator/prometheus").lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"PUT\"")
                        && line.contains("uri=\"/objects/{checksum}\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private void flip(String node, TestObjects object, long offset) throws Exception {
        ArchiveNodes.flipByte(nodes.node(node).objectFile(object.checksum()), offset);
    }
}
