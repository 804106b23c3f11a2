package org.granary.archive;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.granary.archive.client.ArchiveClient;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.client.UnderReplicatedReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two real nodes (R = 2) seeded with a write quorum of 1, one of them stopped: puts are
 * acknowledged with one copy, listed under-replicated, and copied by the holder once the node is
 * back; then, with the quorum raised to 2, a refused put leaves no copy it made behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WriteQuorumIT {
    private static final List<String> BOTH = List.of("archive-1", "archive-2");
    private static final Map<String, String> QUORUM_OF_ONE = Map.of("GRANARY_ARCHIVE_CLUSTER_WRITE_QUORUM", "1");

    @TempDir
    static Path home;
    private ArchiveNodes nodes;
    private ArchiveClient client;

    @BeforeAll
    void startCluster() throws Exception {
        nodes = new ArchiveNodes(home);
        for (String id : BOTH) {
            nodes.define(id);
        }
        for (String id : BOTH) {
            nodes.start(id, BOTH, QUORUM_OF_ONE);
        }
        client = nodes.client();
    }

    @AfterAll
    void stopCluster() {
        client.close();
        nodes.close();
    }

    @Test
    @Order(1)
    void withOneNodeDownPutsAreAcknowledgedListedUnderReplicatedAndCopiedOnceItIsBack() throws Exception {
        TestObjects replicated = TestObjects.random(1, 20_000);
        TestObjects streamed = TestObjects.random(2, 3 << 20);
        nodes.stop("archive-2");

        ArchiveClient.PutResult put = client.put(replicated.checksum(), replicated.source(), "quorum test");
        ArchiveClient.PutResult putOnce = client.putOnce(streamed.checksum(), new ByteArrayInputStream(streamed.content()),
                streamed.content().length, "quorum test");

        assertThat(put.nodes()).containsExactly("archive-1");
        assertThat(putOnce.nodes()).containsExactly("archive-1");
        UnderReplicatedReport listed = client.nodes().underReplicated(node("archive-1"), 10);
        assertThat(listed.objects()).isEqualTo(2);
        assertThat(listed.items()).extracting(copy -> copy.checksum() + " on " + copy.node())
                .containsExactlyInAnyOrder(replicated.checksum() + " on archive-2", streamed.checksum() + " on archive-2");
        assertThat(nodes.body("archive-1", "/actuator/prometheus")).containsPattern("granary_archive_under_replicated_objects\\{[^}]*} 2\\.0");

        nodes.start("archive-2", BOTH, QUORUM_OF_ONE);
        ArchiveNodes.await("archive-1 to make the missing copies", Duration.ofMinutes(1),
                () -> client.nodes().underReplicated(node("archive-1"), 0).objects() == 0);

        for (TestObjects object : List.of(replicated, streamed)) {
            assertThat(Files.readAllBytes(nodes.node("archive-2").objectFile(object.checksum()))).isEqualTo(object.content());
            assertThat(client.nodes().audit(node("archive-2"), object.checksum())).as("verified and recorded by the node that was down")
                    .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("copy-in"));
            assertThat(client.holders(object.checksum())).containsExactlyInAnyOrderElementsOf(BOTH);
        }
        assertThat(nodes.body("archive-1", "/actuator/prometheus")).containsPattern("granary_archive_under_replicated_objects\\{[^}]*} 0\\.0");
    }

    @Test
    @Order(2)
    void withAQuorumOfAllARefusedPutLeavesNoCopyItMadeAndNeverRemovesOneThatWasThere() throws Exception {
        assertThat(client.setWriteQuorum(2).writeQuorum()).isEqualTo(2);
        ArchiveNodes.await("archive-2 to learn the quorum", Duration.ofSeconds(30),
                () -> nodes.body("archive-2", "/cluster/map").contains("\"writeQuorum\":2"));
        TestObjects there = TestObjects.random(3, 5_000);
        client.put(there.checksum(), there.source(), "stored while both are up");
        TestObjects replicated = TestObjects.random(4, 20_000);
        TestObjects streamed = TestObjects.random(5, 50_000);
        nodes.stop("archive-2");
        try {
            assertThatThrownBy(() -> client.put(replicated.checksum(), replicated.source(), "refused"))
                    .isInstanceOfSatisfying(ArchiveException.class, failure -> assertThat(failure.retriable()).isTrue())
                    .hasMessageContaining("write quorum is 2");
            assertThatThrownBy(() -> client.putOnce(streamed.checksum(), new ByteArrayInputStream(streamed.content()),
                    streamed.content().length, "refused")).isInstanceOf(ArchiveException.class);
            assertThatThrownBy(() -> client.put(there.checksum(), there.source(), "refused again")).isInstanceOf(ArchiveException.class);

            for (TestObjects refused : List.of(replicated, streamed)) {
                assertThat(nodes.node("archive-1").objectFile(refused.checksum())).as("withdrawn").doesNotExist();
            }
            assertThat(client.nodes().audit(node("archive-1"), replicated.checksum())).extracting(entry -> entry.action())
                    .containsExactly("write", "delete");
            // A streamed put stops sending once the quorum is out of reach: archive-1 may have completed its copy by then
            // (written, then withdrawn) or not (on a loaded host; it keeps nothing). Never a write without its withdrawal.
            List<String> streamedAudit = client.nodes().audit(node("archive-1"), streamed.checksum()).stream().map(entry -> entry.action()).toList();
            assertThat(streamedAudit).isIn(List.of("write", "delete"), List.of());
            assertThat(Files.readAllBytes(nodes.node("archive-1").objectFile(there.checksum()))).as("it answered 200: not withdrawn")
                    .isEqualTo(there.content());
            assertThat(client.nodes().underReplicated(node("archive-1"), 0).objects()).isZero();
        } finally {
            nodes.start("archive-2", BOTH, QUORUM_OF_ONE);
        }
        ArchiveClient.PutResult again = client.put(replicated.checksum(), replicated.source(), "once both are up");
        assertThat(again.nodes()).containsExactlyInAnyOrderElementsOf(BOTH);
    }

    private ClusterNode node(String id) {
        return client.map().node(id).orElseThrow();
    }
}
