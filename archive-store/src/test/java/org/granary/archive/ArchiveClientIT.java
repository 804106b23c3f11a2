package org.granary.archive;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.granary.archive.client.ArchiveClient;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.AuditEntry;
import org.granary.archive.client.ClusterMap;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.client.NodeClient;
import org.granary.archive.client.NodeState;
import org.granary.archive.client.RebalancePlan;
import org.granary.archive.client.SourceFailedException;
import org.granary.archive.client.VolumeStatus;
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
 * The archive client against three real nodes (R = 2), one of which has no room: it keeps more
 * free space than its disk has ({@code granary.archive.minimum-free-bytes}), so it answers 507
 * before it writes anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchiveClientIT {
    private static final List<String> ALL = List.of("archive-1", "archive-2", "archive-3");
    private static final String FULL = "archive-3";

    @TempDir
    static Path home;
    private ArchiveNodes nodes;
    private ArchiveClient client;

    @BeforeAll
    void startCluster() throws Exception {
        nodes = new ArchiveNodes(home);
        for (String id : ALL) {
            nodes.define(id);
        }
        nodes.start("archive-1", ALL);
        nodes.start("archive-2", ALL);
        nodes.start(FULL, ALL, Map.of("GRANARY_ARCHIVE_MINIMUM_FREE_BYTES", String.valueOf(1L << 60)));
        client = nodes.client();
    }

    @AfterAll
    void stopCluster() {
        client.close();
        nodes.close();
    }

    @Test
    @Order(1)
    void aCopyThePreferredNodeHasNoRoomForGoesToTheNextNodeInRendezvousOrder() throws Exception {
        List<TestObjects> preferringTheFullNode = new ArrayList<>();
        for (int seed = 0; preferringTheFullNode.size() < 4; seed++) {
            // Small copies are sent whole; from 1 MiB they wait for the node's 100 Continue, which a full node never sends.
            TestObjects object = TestObjects.random(seed, preferringTheFullNode.size() % 2 == 0 ? 10_000 : 3 << 20);
            if (client.map().placement().isPreferred(object.checksum(), FULL)) {
                preferringTheFullNode.add(object);
            }
        }

        for (TestObjects object : preferringTheFullNode) {
            ArchiveClient.PutResult result = client.put(object.checksum(), object.source(), "test");

            List<String> ranked = client.map().placement().rankedActive(object.checksum()).stream().map(ClusterNode::id).toList();
            assertThat(result.nodes()).as("%s ranked %s", object.checksum(), ranked)
                    .containsExactlyInAnyOrderElementsOf(ranked.stream().filter(id -> !id.equals(FULL)).limit(2).toList());
            assertThat(result.created()).isTrue();
            assertThat(nodes.node(FULL).objectFile(object.checksum())).doesNotExist();
            try (InputStream in = client.get(object.checksum())) {
                assertThat(in.readAllBytes()).isEqualTo(object.content());
            }
        }
        assertThat(files(nodes.node(FULL).volume().resolve("incoming"))).isEmpty();
    }

    @Test
    @Order(2)
    void aNodeWithoutRoomRefusesALargePutBeforeItsBodyIsSent() throws Exception {
        TestObjects object = TestObjects.random(42, 16);
        long declared = 64L << 20;
        ClusterNode full = client.map().node(FULL).orElseThrow();
        URI url = URI.create(full.url());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /objects/" + object.checksum() + " HTTP/1.1\r\nHost: " + url.getAuthority()
                    + "\r\nAuthorization: Bearer " + nodes.adminToken() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + declared + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).as("the final answer, no 100 Continue, and the connection closed").startsWith("HTTP/1.1 507")
                    .doesNotContain("100 Continue").contains("storage-full");
        }
    }

    @Test
    @Order(3)
    void aRangeThatStartsBeyondTheEndIs416WithTheSizeAndNoBody() throws Exception {
        TestObjects object = TestObjects.random(43, 5_000);
        ArchiveClient.PutResult stored = client.put(object.checksum(), object.source());
        String holder = stored.nodes().getFirst();

        HttpResponse<byte[]> beyond = nodes.http().send(HttpRequest.newBuilder(URI.create(nodes.node(holder).url() + "/objects/"
                + object.checksum())).header("Range", "bytes=5000-").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> lastByte = nodes.http().send(HttpRequest.newBuilder(URI.create(nodes.node(holder).url() + "/objects/"
                + object.checksum())).header("Range", "bytes=4999-").GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */5000");
        assertThat(beyond.body()).isEmpty();
        assertThat(lastByte.statusCode()).isEqualTo(206);
        assertThat(lastByte.body()).containsExactly(object.content()[4999]);
        assertThatThrownBy(() -> client.get(object.checksum(), "bytes=5000-5009")).isInstanceOfSatisfying(ArchiveException.class, failure -> {
            assertThat(failure.status()).isEqualTo(416);
            assertThat(failure.retriable()).isFalse();
        });
        assertThatThrownBy(() -> client.get(TestObjects.random(44, 10).checksum())).isInstanceOfSatisfying(ArchiveException.class,
                failure -> {
                    assertThat(failure.status()).isEqualTo(404);
                    assertThat(failure.retriable()).as("every node answered that it has none").isFalse();
                });
    }

    @Test
    @Order(4)
    void theAdministrationCallsOfOperatorsAreTyped() throws Exception {
        NodeClient node = client.nodes();
        ClusterNode first = client.map().node("archive-1").orElseThrow();
        TestObjects object = TestObjects.random(45, 20_000);
        client.put(object.checksum(), object.source(), "administration test");
        String holder = client.holders(object.checksum()).getFirst();

        List<VolumeStatus> volumes = node.volumes(first);
        RebalancePlan plan = node.rebalancePlan(first, OptionalLong.of(1_000_000));
        List<AuditEntry> audit = node.audit(client.map().node(holder).orElseThrow(), object.checksum());

        assertThat(volumes).singleElement().satisfies(volume -> {
            assertThat(volume.name()).isEqualTo("v1");
            assertThat(volume.state()).isEqualTo("active");
            assertThat(volume.freeBytes()).isPositive().isLessThanOrEqualTo(volume.totalBytes());
        });
        assertThat(plan.node()).isEqualTo("archive-1");
        assertThat(plan.bytesPerSecond()).isEqualTo(1_000_000);
        assertThat(plan.objectsExamined()).isPositive();
        assertThat(audit).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("write");
            assertThat(entry.node()).isEqualTo(holder);
            assertThat(entry.cause()).contains("administration test");
        });

        assertThat(node.startScrub(first).state()).isIn("running", "finished");
        ArchiveNodes.await("the scrub of archive-1", Duration.ofMinutes(1), () -> !node.scrubProgress(first).running());
        assertThat(node.scrubProgress(first).state()).isEqualTo("finished");
        assertThat(node.startRebalance(first, OptionalLong.empty()).state()).isIn("running", "finished");
        ArchiveNodes.await("the rebalance of archive-1", Duration.ofMinutes(1), () -> !node.rebalanceProgress(first).running());
        assertThat(node.rebalanceProgress(first).state()).isEqualTo("finished");

        long epoch = client.refreshMap().epoch();
        ClusterMap added = client.addNode("archive-4", "http://127.0.0.1:1", 2, null);
        ClusterMap drained = client.drainNode("archive-4");
        ClusterMap removed = client.removeNode("archive-4");

        assertThat(added.epoch()).isEqualTo(epoch + 1);
        assertThat(added.node("archive-4")).hasValueSatisfying(four -> {
            assertThat(four.weight()).isEqualTo(2);
            assertThat(four.state()).isEqualTo(NodeState.ACTIVE);
        });
        assertThat(drained.node("archive-4")).hasValueSatisfying(four -> assertThat(four.state()).isEqualTo(NodeState.DRAINING));
        assertThat(removed.epoch()).isEqualTo(epoch + 3);
        assertThat(removed.node("archive-4")).isEmpty();
        assertThatThrownBy(() -> node.drain(first, epoch, "archive-2")).as("a change made with an old epoch")
                .isInstanceOfSatisfying(ArchiveException.class, failure -> {
                    assertThat(failure.status()).isEqualTo(409);
                    assertThat(failure.getMessage()).contains("epoch");
                });
    }

    @Test
    @Order(5)
    void aStreamedPutWhoseContentEndsEarlyIsTheSourcesFaultAndLeavesNothing() throws Exception {
        TestObjects object = TestObjects.random(46, 3 << 20);
        for (int seed = 47; client.map().placement().isPreferred(object.checksum(), FULL); seed++) {
            object = TestObjects.random(seed, 3 << 20);
        }
        TestObjects notForTheFullNode = object;

        assertThatThrownBy(() -> client.putOnce(notForTheFullNode.checksum(), new ByteArrayInputStream(notForTheFullNode.content(), 0,
                2 << 20), notForTheFullNode.content().length, "test")).isInstanceOfSatisfying(SourceFailedException.class,
                        failure -> assertThat(failure.bytesRead()).isEqualTo(2 << 20));

        for (String id : List.of("archive-1", "archive-2")) {
            assertThat(nodes.node(id).objectFile(notForTheFullNode.checksum())).doesNotExist();
            ArchiveNodes.await("no part file left on " + id, Duration.ofSeconds(30),
                    () -> files(nodes.node(id).volume().resolve("incoming")).isEmpty());
        }
    }

    private static List<String> files(Path folder) {
        try (var list = Files.list(folder)) {
            return list.map(path -> path.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
