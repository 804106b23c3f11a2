package org.granary.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A volume that fills up while an object is being written: the node answers 507 problem+json and
 * keeps nothing of the write. Writes reserve their room as they go, so that a write of unknown
 * length, or two in parallel, stop at the minimum free (4 MiB here), and a node with no room left
 * says in its health that it takes no writes while it serves reads. The node runs in a mount
 * namespace of its own ({@code unshare}) on a 16 MiB tmpfs volume; the test reaches the volume
 * through {@code /proc/<pid>/root} and fills it as another writer on the same disk would. Skipped
 * where the machine cannot mount (not root, no {@code unshare}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskFullIT {
    private static final String NODE = "archive-1";
    private static final int MIB = 1 << 20;
    private static final int MINIMUM_FREE = 4 * MIB;

    private ArchiveNodes nodes;
    /** The node's volume as the node sees it, inside its mount namespace. */
    private Path volume;

    @BeforeAll
    void aNodeOnASixteenMibVolume(@TempDir Path home) throws Exception {
        String why = whyMountingFails(home);
        assumeTrue(why.isEmpty(), () -> "cannot mount a tmpfs in a mount namespace of its own here (needs root and unshare): " + why);
        nodes = new ArchiveNodes(home);
        Path inside = nodes.define(NODE).volume();
        nodes.start(NODE, List.of(NODE), Map.of("GRANARY_ARCHIVE_MINIMUM_FREE_BYTES", String.valueOf(MINIMUM_FREE)), tmpfsAt(inside, "16m"));
        volume = Path.of("/proc/" + nodes.pid(NODE) + "/root").resolve(Path.of("/").relativize(inside));
        assertThat(Files.getFileStore(volume).getTotalSpace()).as("the node's volume is the tmpfs").isEqualTo(16L * MIB);
    }

    @AfterAll
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aVolumeThatFillsUpDuringAWriteOfDeclaredLengthAnswers507AndKeepsNothing() throws Exception {
        TestObjects object = TestObjects.random(507, 3 * MIB);
        Path filler = volume.resolve("filler");

        // Over a socket of the test's own, so that nothing else decides when bytes leave: two MiB go to the
        // node, which writes them to its part file; then the disk fills; then the last MiB.
        RawAnswer refused = putInTwoParts(object, 2 * MIB, () -> {
            awaitPartFileOf(object.checksum(), 2L * MIB);
            fill(filler);
        });

        assertThat(refused.status()).as(refused.text()).isEqualTo(507);
        assertThat(refused.text()).contains("application/problem+json", "\"code\":\"storage-full\"",
                "the volume filled up during the write; nothing was stored");
        assertNothingKeptOf(object.checksum());

        Files.delete(filler);
        HttpResponse<String> retried = put(object.checksum(), HttpRequest.BodyPublishers.ofByteArray(object.content()));
        assertThat(retried.statusCode()).as("a retry once there is room: " + retried.body()).isEqualTo(201);
        assertThat(Files.readAllBytes(objectFile(object.checksum()))).isEqualTo(object.content());
    }

    @Test
    void aWriteOfUnknownLengthStopsAtTheMinimumFreeWith507AndKeepsNothing() throws Exception {
        long free = Files.getFileStore(volume).getUsableSpace();
        assertThat(free).as("the pre-write check lets a write of unknown length start").isGreaterThan(MINIMUM_FREE + MIB);
        // Fits on the disk, not in what the node may use of it.
        TestObjects object = TestObjects.random(508, (int) free - MINIMUM_FREE / 2);

        HttpResponse<String> refused = put(object.checksum(), chunked(object));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
        assertThat(refused.body()).contains("\"code\":\"storage-full\"",
                "volume v1 has no room for more of this write while keeping " + MINIMUM_FREE + " bytes free; nothing was stored");
        assertNothingKeptOf(object.checksum());
        assertThat(Files.getFileStore(volume).getUsableSpace()).isEqualTo(free);
    }

    @Test
    void twoWritesThatFitAloneButNotTogetherLeaveTheMinimumFree() throws Exception {
        long free = Files.getFileStore(volume).getUsableSpace();
        // Each leaves the minimum free; both together would fit on the disk, but eat into the minimum.
        int size = (int) (free - MINIMUM_FREE) / 2 + MIB;
        TestObjects first = TestObjects.random(509, size);
        TestObjects second = TestObjects.random(510, size);
        AtomicReference<HttpResponse<String>> secondAnswer = new AtomicReference<>();

        // The first (its length declared) is half-way when the second (of unknown length) arrives.
        RawAnswer firstAnswer = putInTwoParts(first, MIB, () -> {
            awaitPartFileOf(first.checksum(), MIB);
            secondAnswer.set(put(second.checksum(), chunked(second)));
        });

        assertThat(firstAnswer.status()).as(firstAnswer.text()).isEqualTo(201);
        assertThat(secondAnswer.get().statusCode()).as(secondAnswer.get().body()).isEqualTo(507);
        assertThat(secondAnswer.get().body()).contains("\"code\":\"storage-full\"", "nothing was stored");
        assertNothingKeptOf(second.checksum());
        assertThat(Files.readAllBytes(objectFile(first.checksum()))).isEqualTo(first.content());
        assertThat(Files.getFileStore(volume).getUsableSpace()).as("the minimum kept free").isGreaterThanOrEqualTo(MINIMUM_FREE);
    }

    @Test
    void aNodeWithoutRoomSaysItTakesNoWritesAndServesReadsAndItsVolumesFreeSpaceIsTheVolumes() throws Exception {
        TestObjects object = TestObjects.random(511, 100_000);
        assertThat(put(object.checksum(), HttpRequest.BodyPublishers.ofByteArray(object.content())).statusCode()).isEqualTo(201);
        Path filler = volume.resolve("filler");
        Files.write(filler, new byte[(int) (Files.getFileStore(volume).getUsableSpace() - MINIMUM_FREE / 2)]);
        try {
            HttpResponse<String> health = nodes.send(nodes.request(NODE, "/actuator/health").GET());
            HttpResponse<byte[]> read = nodes.http().send(nodes.request(NODE, "/objects/" + object.checksum()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).as("the node's status, after its components").endsWith("\"status\":\"READ_ONLY\"}")
                    .contains("\"description\":\"no volume of this node takes writes", "\"takesWrites\":false");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).isEqualTo(object.content());
            long free = Files.getFileStore(volume).getUsableSpace();
            assertThat(nodes.body(NODE, "/volumes")).contains("\"totalBytes\":" + 16L * MIB, "\"freeBytes\":" + free, "\"takesWrites\":false");
            assertThat(nodes.body(NODE, "/actuator/prometheus"))
                    .containsPattern("granary_archive_volume_free_bytes\\{[^}]*volume=\"v1\"[^}]*} " + (double) free)
                    .containsPattern("granary_archive_volume_takes_writes\\{[^}]*volume=\"v1\"[^}]*} 0\\.0")
                    .containsPattern("disk_free_bytes\\{[^}]*path=\"" + nodes.node(NODE).volume() + "\"[^}]*} " + (double) free);
        } finally {
            Files.delete(filler);
        }
        assertThat(nodes.body(NODE, "/actuator/health")).endsWith("\"status\":\"UP\"}");
    }

    private HttpResponse<String> put(String checksum, HttpRequest.BodyPublisher body) throws Exception {
        return nodes.send(nodes.request(NODE, "/objects/" + checksum).timeout(Duration.ofMinutes(1)).PUT(body));
    }

    private static HttpRequest.BodyPublisher chunked(TestObjects object) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(object.content()));
    }

    private void assertNothingKeptOf(String checksum) throws Exception {
        try (Stream<Path> uploads = Files.list(volume.resolve("incoming"))) {
            assertThat(uploads).as("part files left in incoming/").isEmpty();
        }
        assertThat(objectFile(checksum)).doesNotExist();
        assertThat(nodes.send(nodes.request(NODE, "/objects/" + checksum).GET()).statusCode()).isEqualTo(404);
        assertThat(nodes.body(NODE, "/objects?limit=10000")).doesNotContain(checksum);
        assertThat(nodes.body(NODE, "/audit/" + checksum)).isEqualTo("[]");
    }

    private Path objectFile(String checksum) {
        return volume.resolve("objects").resolve(checksum.substring(0, 2)).resolve(checksum.substring(2, 4)).resolve(checksum);
    }

    /** Waits until the upload's part file in {@code incoming/} has {@code bytes} bytes, as the node writes them. */
    private void awaitPartFileOf(String checksum, long bytes) throws InterruptedException {
        ArchiveNodes.await("the node writing " + bytes + " bytes of " + checksum + " to its part file", Duration.ofSeconds(30),
                () -> partFileSize(checksum) >= bytes);
    }

    private long partFileSize(String checksum) {
        try (Stream<Path> uploads = Files.list(volume.resolve("incoming"))) {
            return uploads.filter(upload -> upload.getFileName().toString().startsWith(checksum)).findFirst().map(upload -> {
                try {
                    return Files.size(upload);
                } catch (IOException gone) {
                    return 0L;
                }
            }).orElse(0L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes zeros to {@code filler} until the volume has no room left. */
    private static void fill(Path filler) {
        byte[] zeros = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(zeros);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
    }

    /** The wrapper that runs the node with a tmpfs of {@code size} mounted at {@code folder}, seen by it alone. */
    private static List<String> tmpfsAt(Path folder, String size) {
        return List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "mkdir -p \"$0\" && mount -t tmpfs -o size=" + size + " granary-test-volume \"$0\" && exec \"$@\"", folder.toString());
    }

    /** Empty when a tmpfs can be mounted as the node's will be, else what went wrong. */
    private static String whyMountingFails(Path home) throws Exception {
        Path folder = Files.createDirectories(home.resolve("mount-check"));
        List<String> command = Stream.concat(tmpfsAt(folder, "1m").stream(), Stream.of("true")).toList();
        Process check;
        try {
            check = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException noUnshare) {
            return noUnshare.getMessage();
        }
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            return "the check did not end";
        }
        return check.exitValue() == 0 ? "" : output.strip();
    }

    /** What the test does between the two parts of an upload. */
    @FunctionalInterface
    private interface Between {
        void run() throws Exception;
    }

    /** An answer read off a raw socket: its status, and its head and body as text. */
    private record RawAnswer(int status, String text) {
    }

    /**
     * PUTs {@code object} with its length declared, in two parts with {@code between} run after the
     * first {@code firstPart} bytes; the second part may meet a node that answered and closed already.
     */
    private RawAnswer putInTwoParts(TestObjects object, int firstPart, Between between) throws Exception {
        URI node = URI.create(nodes.node(NODE).url());
        try (Socket socket = new Socket(node.getHost(), node.getPort())) {
            socket.setSoTimeout((int) Duration.ofMinutes(1).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /objects/" + object.checksum() + " HTTP/1.1\r\nHost: " + node.getAuthority() + "\r\nAuthorization: Bearer "
                    + nodes.adminToken() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + object.content().length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(object.content(), 0, firstPart);
            out.flush();
            between.run();
            try {
                out.write(object.content(), firstPart, object.content().length - firstPart);
                out.flush();
            } catch (IOException answeredAlready) {
                // the node refused the write and closed its side: its answer is waiting to be read
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new RawAnswer(Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3)), answer);
        }
    }
}
