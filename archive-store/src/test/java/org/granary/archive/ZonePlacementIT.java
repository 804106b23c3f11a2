package org.granary.archive;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.granary.archive.client.ArchiveClient;
import org.granary.archive.client.ClusterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three real nodes (R = 2) in two zones, seeded so: two in rack-a, one in rack-b. Without zones
 * a third of the objects would have both copies in rack-a; with them, every object has one copy
 * in each rack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZonePlacementIT {
    private static final List<String> ALL = List.of("archive-1", "archive-2", "archive-3");
    private static final Map<String, String> ZONES = Map.of("GRANARY_ARCHIVE_CLUSTER_SEED_ZONES",
            "archive-1=rack-a,archive-2=rack-a,archive-3=rack-b");

    @TempDir
    static Path home;
    private ArchiveNodes nodes;

    @BeforeAll
    void startCluster() throws Exception {
        nodes = new ArchiveNodes(home);
        for (String id : ALL) {
            nodes.define(id);
        }
        for (String id : ALL) {
            nodes.start(id, ALL, ZONES);
        }
    }

    @AfterAll
    void stopCluster() {
        nodes.close();
    }

    @Test
    void theTwoCopiesOfEveryObjectAreInTheTwoZones() throws Exception {
        try (ArchiveClient client = nodes.client()) {
            for (int i = 0; i < 30; i++) {
                TestObjects object = TestObjects.random(900 + i, 3_000);
                ArchiveClient.PutResult put = client.put(object.checksum(), object.source(), "zone test");

                assertThat(put.nodes()).as(object.checksum()).hasSize(2).contains("archive-3");
                assertThat(client.holders(object.checksum())).containsExactlyInAnyOrderElementsOf(put.nodes());
                assertThat(nodes.node("archive-3").objectFile(object.checksum())).exists();
            }
        }
    }

    @Test
    void theMapShowsZonesAndANodeIsAddedToAZone() throws Exception {
        try (ArchiveClient client = nodes.client()) {
            ClusterMap added = client.addNode("archive-4", "http://127.0.0.1:1", 1, "rack-b");
            client.drainNode("archive-4");
            client.removeNode("archive-4");

            assertThat(added.node("archive-4").orElseThrow().zone()).isEqualTo("rack-b");
            assertThat(added.node("archive-1").orElseThrow().zone()).isEqualTo("rack-a");
        }
        assertThat(nodes.body("archive-2", "/cluster/map")).contains("\"id\":\"archive-3\"").contains("\"zone\":\"rack-b\"")
                .contains("\"writeQuorum\":2");
    }
}
