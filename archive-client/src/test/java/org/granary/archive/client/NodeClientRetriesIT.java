package org.granary.archive.client;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link NodeClient} against real HTTP servers that fail on cue: what is sent again, and what is not. */
class NodeClientRetriesIT {
    private static final String CHECKSUM = "0".repeat(64);
    private static final byte[] CONTENT = "ozone".repeat(100).getBytes(StandardCharsets.UTF_8);

    @Test
    void aReadIsRetriedAfterServerErrorsAndSendsTheToken() throws Exception {
        try (ScriptedNode node = new ScriptedNode(CONTENT, 503, 500, 200); NodeClient client = new NodeClient("secret")) {
            Optional<InputStream> content = client.get(node.node(), CHECKSUM, "bytes=0-9");

            assertThat(content).isPresent();
            try (InputStream in = content.get()) {
                assertThat(in.readAllBytes()).isEqualTo(CONTENT);
            }
            assertThat(node.received()).hasSize(3).allSatisfy(request -> {
                assertThat(request.authorization()).isEqualTo("Bearer secret");
                assertThat(request.range()).isEqualTo("bytes=0-9");
            });
            assertThat(client.highestEpochSeen()).isEqualTo(7);
        }
    }

    @Test
    void aReadThatKeepsFailingFailsAfterThreeAttemptsAsRetriable() throws Exception {
        try (ScriptedNode node = new ScriptedNode(CONTENT, 503); NodeClient client = new NodeClient(null)) {
            assertThatThrownBy(() -> client.get(node.node(), CHECKSUM, null)).isInstanceOfSatisfying(ArchiveException.class, failure -> {
                assertThat(failure.status()).isEqualTo(503);
                assertThat(failure.retriable()).isTrue();
                assertThat(failure.getMessage()).contains("answered 503 as scripted");
            });
            assertThat(node.received()).hasSize(RetryPolicy.ATTEMPTS);
            assertThat(node.received().getFirst().authorization()).isNull();
        }
    }

    @Test
    void aPutOfContentThatCanBeReadAgainIsSentAgainWhole() throws Exception {
        try (ScriptedNode node = new ScriptedNode(CONTENT, 500, 201); NodeClient client = new NodeClient("secret")) {
            boolean created = client.put(node.node(), CHECKSUM, sourceOf(CONTENT), null, "test");

            assertThat(created).isTrue();
            assertThat(node.received()).hasSize(2).allSatisfy(request -> assertThat(request.bodyBytes()).isEqualTo(CONTENT.length));
        }
    }

    @Test
    void aPutOfContentReadOnceIsNeverSentAgain() throws Exception {
        try (ScriptedNode node = new ScriptedNode(CONTENT, 503, 201); NodeClient client = new NodeClient("secret")) {
            assertThatThrownBy(() -> client.putOnce(node.node(), CHECKSUM, new ByteArrayInputStream(CONTENT), CONTENT.length, "test", null))
                    .isInstanceOfSatisfying(ArchiveException.class, failure -> assertThat(failure.status()).isEqualTo(503));
            assertThat(node.received()).hasSize(1);
        }
    }

    @Test
    void refusalsAreNotSentAgainAndSayWhetherAnotherNodeMayTakeTheCopy() throws Exception {
        for (int status : new int[] {400, 401, 403, 409, 413, 422}) {
            try (ScriptedNode node = new ScriptedNode(CONTENT, status, 201); NodeClient client = new NodeClient("secret")) {
                assertThatThrownBy(() -> client.put(node.node(), CHECKSUM, sourceOf(CONTENT), null, null))
                        .isInstanceOfSatisfying(ArchiveException.class, failure -> {
                            assertThat(failure.status()).isEqualTo(status);
                            assertThat(failure.retriable()).as("%d", status).isFalse();
                        });
                assertThat(node.received()).as("%d", status).hasSize(1);
            }
        }
        try (ScriptedNode full = new ScriptedNode(CONTENT, 507, 201); NodeClient client = new NodeClient("secret")) {
            assertThatThrownBy(() -> client.put(full.node(), CHECKSUM, sourceOf(CONTENT), null, null))
                    .isInstanceOfSatisfying(ArchiveException.class, failure -> {
                        assertThat(failure.status()).isEqualTo(507);
                        assertThat(failure.retriable()).as("another node may have room").isTrue();
                    });
            assertThat(full.received()).hasSize(1);
        }
    }

    @Test
    void aMissingObjectIsEmptyNotAFailure() throws Exception {
        try (ScriptedNode node = new ScriptedNode(CONTENT, 404); NodeClient client = new NodeClient(null)) {
            assertThat(client.get(node.node(), CHECKSUM, null)).isEmpty();
            assertThat(client.head(node.node(), CHECKSUM)).isEmpty();
            assertThat(node.received()).hasSize(2);
        }
    }

    @Test
    void onlyALargeBodyWaitsForTheNodesContinue() throws Exception {
        byte[] large = new byte[(int) NodeClient.EXPECT_CONTINUE_FROM_BYTES];
        try (ScriptedNode node = new ScriptedNode(CONTENT, 201); NodeClient client = new NodeClient("secret")) {
            client.put(node.node(), CHECKSUM, sourceOf(CONTENT), null, null);
            client.put(node.node(), CHECKSUM, sourceOf(large), null, null);
            client.putOnce(node.node(), CHECKSUM, new ByteArrayInputStream(large), large.length, null, null);

            assertThat(node.received()).extracting(ScriptedNode.Received::expect).containsExactly(null, "100-continue", "100-continue");
            assertThat(node.received()).extracting(ScriptedNode.Received::bodyBytes)
                    .containsExactly((long) CONTENT.length, (long) large.length, (long) large.length);
        }
    }

    @Test
    void aNodeThatIsNotListeningIsUnreachableAndRetriable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ClusterNode nobody = new ClusterNode("nobody", "http://127.0.0.1:" + port, 1, NodeState.ACTIVE);
        try (NodeClient client = new NodeClient(null)) {
            assertThatThrownBy(() -> client.head(nobody, CHECKSUM)).isInstanceOfSatisfying(ArchiveException.class, failure -> {
                assertThat(failure.status()).isZero();
                assertThat(failure.retriable()).isTrue();
                assertThat(failure.getMessage()).contains("did not answer");
            });
        }
    }

    private static ContentSource sourceOf(byte[] bytes) {
        return new ContentSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long size() {
                return bytes.length;
            }
        };
    }
}
