package org.granary.archive;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.granary.archive.client.ArchiveClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A byte flipped on a node's disk, as a disk does it: never served whole, quarantined at the
 * first read that meets it, and repaired from the other node; a write over it heals it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadIntegrityIT {
    private static final int MIB = 1 << 20;

    @TempDir
    static Path home;
    private ArchiveNodes nodes;

    @BeforeAll
    void startCluster() throws Exception {
        nodes = ArchiveNodes.startTwo(home);
    }

    @AfterAll
    void stopCluster() {
        nodes.close();
    }

    @Test
    void aWholeReadIsCutOffBeforeItsEndWhenALaterBlockIsCorruptAndTheCopyIsRepaired() throws Exception {
        TestObjects object = stored(1, 3 * MIB + 5);
        flip("archive-1", object, 2 * MIB + 100);

        assertThatThrownBy(() -> nodes.http().send(get("archive-1", object, null).build(), HttpResponse.BodyHandlers.ofByteArray()))
                .as("the client sees a broken transfer, never a complete wrong file").isInstanceOf(IOException.class);

        awaitRepaired("archive-1", object);
        assertThat(audit("archive-1", object)).contains("\"action\":\"quarantine\"").contains("\"action\":\"repair\"")
                .as("the repair is the node's own work").contains("\"actor\":\"archive-1\"");
        assertThat(quarantined("archive-1", object)).hasSize(1);
    }

    @Test
    void aCopyCorruptInItsFirstBlockIsAnswered404AndTheClientReadsTheOtherNode() throws Exception {
        TestObjects object = stored(2, 2 * MIB);
        flip(preferredFirst(object), object, 10);

        HttpResponse<String> answer = nodes.send(get(preferredFirst(object), object, null));
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("corrupt").contains("quarantined");
        awaitRepaired(preferredFirst(object), object);

        flip(preferredFirst(object), object, MIB + 10);
        try (ArchiveClient client = nodes.client(); InputStream in = client.get(object.checksum())) {
            assertThat(in.readAllBytes()).as("the first node cut its answer off; the rest came from the other").isEqualTo(object.content());
        }
        awaitRepaired(preferredFirst(object), object);
    }

    @Test
    void rangesAreVerifiedBlockByBlock() throws Exception {
        TestObjects object = stored(3, 3 * MIB);
        flip("archive-2", object, 2 * MIB + 7);

        HttpResponse<byte[]> clean = nodes.http().send(get("archive-2", object, "bytes=100-" + (2 * MIB - 1)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(clean.statusCode()).isEqualTo(206);
        assertThat(clean.headers().firstValue("Content-Range")).contains("bytes 100-" + (2 * MIB - 1) + "/" + 3 * MIB);
        assertThat(clean.body()).isEqualTo(Arrays.copyOfRange(object.content(), 100, 2 * MIB));

        assertThatThrownBy(() -> nodes.http().send(get("archive-2", object, "bytes=" + MIB + "-").build(), HttpResponse.BodyHandlers.ofByteArray()))
                .as("a range over the corrupt block is cut off").isInstanceOf(IOException.class);
        awaitRepaired("archive-2", object);

        flip("archive-2", object, 2 * MIB + 7);
        HttpResponse<String> within = nodes.send(get("archive-2", object, "bytes=" + (2 * MIB) + "-" + (2 * MIB + 9)));
        assertThat(within.statusCode()).as("a range that starts in the corrupt block is refused before a byte").isEqualTo(404);
        awaitRepaired("archive-2", object);
        try (ArchiveClient client = nodes.client(); InputStream in = client.get(object.checksum(), "bytes=" + (2 * MIB) + "-" + (2 * MIB + 9))) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(object.content(), 2 * MIB, 2 * MIB + 10));
        }
    }

    @Test
    void aWriteOverACorruptCopyReplacesItAndAWrongBodyChangesNothing() throws Exception {
        TestObjects object = stored(4, MIB + 3);
        flip("archive-1", object, MIB + 1);

        HttpResponse<String> wrong = nodes.send(nodes.request("archive-1", "/objects/" + object.checksum())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestObjects.random(99, MIB + 3).content())));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(Files.readAllBytes(nodes.node("archive-1").objectFile(object.checksum()))).isNotEqualTo(object.content());

        HttpResponse<String> healed = nodes.send(nodes.request("archive-1", "/objects/" + object.checksum())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(object.content())));
        assertThat(healed.statusCode()).as("a new good copy was made, not \"already here\"").isEqualTo(201);
        assertThat(Files.readAllBytes(nodes.node("archive-1").objectFile(object.checksum()))).isEqualTo(object.content());
        assertThat(quarantined("archive-1", object)).hasSize(1);
        assertThat(audit("archive-1", object)).contains("\"action\":\"quarantine\"").contains("differs from the body from byte " + MIB);

        HttpResponse<String> again = nodes.send(nodes.request("archive-1", "/objects/" + object.checksum())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(object.content())));
        assertThat(again.statusCode()).as("a good copy is compared and left alone").isEqualTo(200);
    }

    @Test
    void aPeerVerifiesItsCopyByHashAndQuarantinesACorruptOne() throws Exception {
        TestObjects object = stored(5, 2 * MIB + 1);
        HttpResponse<String> good = nodes.send(nodes.request("archive-2", "/objects/" + object.checksum() + "/verification")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(good.body()).contains("\"verdict\":\"good\"").contains("\"sha256\":\"" + object.checksum() + "\"");

        flip("archive-2", object, 5);
        HttpResponse<String> corrupt = nodes.send(nodes.request("archive-2", "/objects/" + object.checksum() + "/verification")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(corrupt.body()).contains("\"verdict\":\"corrupt\"");
        awaitRepaired("archive-2", object);
        HttpResponse<String> anonymous = nodes.send(HttpRequest.newBuilder(java.net.URI.create(nodes.node("archive-2").url() + "/objects/"
                + object.checksum() + "/verification")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(anonymous.statusCode()).as("a verification reads a whole object: not for anyone").isEqualTo(401);
    }

    private TestObjects stored(long seed, int size) throws IOException {
        TestObjects object = TestObjects.random(seed, size);
        try (ArchiveClient client = nodes.client()) {
            client.put(object.checksum(), object.source());
        }
        return object;
    }

    private String preferredFirst(TestObjects object) throws IOException {
        try (ArchiveClient client = nodes.client()) {
            return client.map().placement().preferred(object.checksum()).getFirst().id();
        }
    }

    private HttpRequest.Builder get(String node, TestObjects object, String range) throws IOException {
        HttpRequest.Builder request = nodes.request(node, "/objects/" + object.checksum()).GET();
        return range == null ? request : request.header("Range", range);
    }

    private void flip(String node, TestObjects object, long offset) throws IOException {
        ArchiveNodes.flipByte(nodes.node(node).objectFile(object.checksum()), offset);
    }

    private void awaitRepaired(String node, TestObjects object) throws InterruptedException {
        Path file = nodes.node(node).objectFile(object.checksum());
        ArchiveNodes.await(node + " to repair " + object.checksum(), Duration.ofSeconds(30), () -> {
            try {
                return Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), object.content());
            } catch (IOException gone) {
                return false;
            }
        });
    }

    private String audit(String node, TestObjects object) {
        return nodes.body(node, "/audit/" + object.checksum());
    }

    private List<Path> quarantined(String node, TestObjects object) throws IOException {
        try (Stream<Path> files = Files.list(nodes.node(node).volume().resolve("quarantine"))) {
            return files.filter(file -> file.getFileName().toString().startsWith(object.checksum())).toList();
        }
    }
}
