package org.granary.archive;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.granary.archive.client.ArchiveClient;
import org.granary.archive.client.ArchiveException;
import org.granary.archive.client.ClusterNode;
import org.granary.archive.client.DeletedObject;
import org.granary.platform.auth.ServiceName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deletes that stay deleted, on three real nodes (R = 2): a delete reaches every node, a node
 * that was down gets its tombstone when it is back, no scrub or copy brings the object back, and
 * a client's write after the delete restores it, audited as {@code restore}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TombstoneIT {
    private static final List<String> ALL = List.of("archive-1", "archive-2", "archive-3");

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
            nodes.start(id, ALL);
        }
    }

    @AfterAll
    void stopCluster() {
        nodes.close();
    }

    @Test
    void aDeleteReachesEveryNodeEvenOneThatWasDownAndNoScrubBringsTheObjectBack() throws Exception {
        TestObjects object = TestObjects.random(1, 100_000);
        try (ArchiveClient client = nodes.client()) {
            client.put(object.checksum(), object.source());
            List<String> holders = client.map().placement().preferred(object.checksum()).stream().map(ClusterNode::id).toList();
            String down = holders.getLast();
            nodes.stop(down);
            DeletedObject deleted;
            try {
                deleted = client.delete(object.checksum(), "withdrawn by the instrument team");
            } finally {
                nodes.start(down, ALL);
            }
            assertThat(deleted.deletedBy()).contains("withdrawn by the instrument team");

            ArchiveNodes.await("the tombstone on " + down, Duration.ofSeconds(60),
                    () -> !Files.exists(nodes.node(down).objectFile(object.checksum())));
            for (String id : ALL) {
                ArchiveNodes.await("the tombstone on " + id, Duration.ofSeconds(30), () -> nodes.body(id, "/audit/" + object.checksum())
                        .contains("\"action\":\"delete\""));
                assertThat(nodes.send(nodes.request(id, "/scrub").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(202);
            }
            for (String id : ALL) {
                ArchiveNodes.await("the scrub of " + id, Duration.ofSeconds(60), () -> nodes.body(id, "/scrub").contains("\"state\":\"finished\""));
            }
            for (String id : ALL) {
                assertThat(nodes.node(id).objectFile(object.checksum())).as("deleted on " + id + " after every scrub").doesNotExist();
            }
            assertThat(nodes.body(down, "/audit/" + object.checksum())).as("who delivered the tombstone")
                    .contains("\"actor\":\"archive-store\"").contains("delivered by archive-store");
            assertThatThrownBy(() -> client.get(object.checksum()).close()).isInstanceOfSatisfying(ArchiveException.class,
                    gone -> assertThat(gone.status()).isEqualTo(404));
        }
    }

    @Test
    void aCopyOfAWriteOlderThanTheDeleteIsRefusedAndAWriteAfterItRestoresTheObject() throws Exception {
        TestObjects object = TestObjects.random(2, 50_000);
        try (ArchiveClient client = nodes.client()) {
            client.put(object.checksum(), object.source());
            Instant writtenBefore = Instant.now().minusSeconds(1);
            client.delete(object.checksum(), null);
            String node = client.map().placement().preferred(object.checksum()).getFirst().id();

            HttpResponse<String> stale = nodes.send(HttpRequest.newBuilder(java.net.URI.create(nodes.node(node).url() + "/objects/"
                            + object.checksum()))
                    .header("Authorization", "Bearer " + nodes.serviceToken(ServiceName.ARCHIVE_STORE))
                    .header("Granary-Copy", "copy-in").header("Granary-Written-At", writtenBefore.toString())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(object.content())));
            assertThat(stale.statusCode()).as(stale.body()).isEqualTo(410);
            assertThat(stale.body()).contains("gone").contains("was deleted at");
            assertThat(nodes.node(node).objectFile(object.checksum())).doesNotExist();

            client.put(object.checksum(), object.source(), "restored by the instrument team");
            try (InputStream in = client.get(object.checksum())) {
                assertThat(in.readAllBytes()).isEqualTo(object.content());
            }
            assertThat(nodes.body(node, "/audit/" + object.checksum())).contains("\"action\":\"restore\"");
        }
    }

    @Test
    void aDeleteWithAStaleMapEpochIsRefused() throws Exception {
        TestObjects object = TestObjects.random(3, 1_000);
        try (ArchiveClient client = nodes.client()) {
            client.put(object.checksum(), object.source());
        }
        HttpResponse<String> stale = nodes.send(nodes.request("archive-1", "/objects/" + object.checksum())
                .header("Granary-Cluster-Epoch", "7").DELETE());
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("epoch");
        try (ArchiveClient client = nodes.client()) {
            assertThat(client.holders(object.checksum())).as("nothing was deleted").hasSize(2);
        }
    }
}
