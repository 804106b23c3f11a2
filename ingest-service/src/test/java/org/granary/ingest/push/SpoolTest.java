package org.granary.ingest.push;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.codec.digest.DigestUtils;
import org.granary.archive.client.ContentSource;
import org.granary.ingest.IngestProperties;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolTest {
    private static final int MIB = 1 << 20;
    /** What {@code printf 'The quick brown fox jumps over the lazy dog' | cksum} prints. */
    private static final long CKSUM_OF_THE_QUICK_BROWN_FOX = 2_074_844_392L;

    @TempDir
    Path directory;

    @Test
    void aSmallPushWithItsLengthIsHeldInMemoryAndHashed() throws IOException {
        byte[] content = bytes(64 * 1024);

        try (ReceivedFile received = spool(MIB).receive(new ByteArrayInputStream(content), content.length, false)) {
            assertThat(received.content()).isInstanceOf(ContentSource.InMemory.class);
            assertThat(spooledFiles()).isEmpty();
            assertReceived(received, content);
        }
    }

    @Test
    void aLargerPushGoesToDiskAndClosingDeletesIt() throws IOException {
        byte[] content = bytes(MIB + 1);

        try (ReceivedFile received = spool(MIB).receive(new ByteArrayInputStream(content), content.length, false)) {
            assertThat(received.content()).isNotInstanceOf(ContentSource.InMemory.class);
            assertThat(spooledFiles()).hasSize(1);
            assertReceived(received, content);
        }
        assertThat(spooledFiles()).isEmpty();
    }

    @Test
    void aPushOfUnknownLengthGoesToDisk() throws IOException {
        byte[] content = bytes(1000);

        try (ReceivedFile received = spool(MIB).receive(new ByteArrayInputStream(content), -1, false)) {
            assertThat(spooledFiles()).hasSize(1);
            assertReceived(received, content);
        }
    }

    @Test
    void aBodyShorterThanDeclaredIsRefusedAndItsMemoryIsFreed() {
        Spool spool = spool(MIB);
        for (int i = 0; i < Spool.MEMORY_SLOTS + 1; i++) {
            assertThatThrownBy(() -> spool.receive(new ByteArrayInputStream(new byte[10]), 20, false))
                    .isInstanceOfSatisfying(GranaryException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MALFORMED_REQUEST));
        }

        try (ReceivedFile received = spool.receive(new ByteArrayInputStream(new byte[10]), 10, false)) {
            assertThat(received.content()).as("every failed reception gave its slot back").isInstanceOf(ContentSource.InMemory.class);
        }
    }

    @Test
    void memoryIsBoundedPushesBeyondTheSlotsAreSpooled() throws IOException {
        Spool spool = spool(MIB);
        List<ReceivedFile> held = new ArrayList<>();
        for (int i = 0; i < Spool.MEMORY_SLOTS; i++) {
            held.add(spool.receive(new ByteArrayInputStream(new byte[100]), 100, false));
        }

        try (ReceivedFile beyond = spool.receive(new ByteArrayInputStream(new byte[100]), 100, false)) {
            assertThat(beyond.content()).isNotInstanceOf(ContentSource.InMemory.class);
        }
        held.getFirst().close();
        try (ReceivedFile afterOneClosed = spool.receive(new ByteArrayInputStream(new byte[100]), 100, false)) {
            assertThat(afterOneClosed.content()).isInstanceOf(ContentSource.InMemory.class);
        }
        held.forEach(ReceivedFile::close);
    }

    @Test
    void aThresholdOfZeroSpoolsEveryPush() throws IOException {
        byte[] content = bytes(10);

        try (ReceivedFile received = spool(0).receive(new ByteArrayInputStream(content), content.length, false)) {
            assertThat(spooledFiles()).hasSize(1);
            assertReceived(received, content);
        }
    }

    @Test
    void thePosixCksumIsComputedOnlyWhenAskedFor() throws IOException {
        byte[] content = "The quick brown fox jumps over the lazy dog".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long expected = CKSUM_OF_THE_QUICK_BROWN_FOX;

        for (long threshold : new long[] {MIB, 0}) {
            try (ReceivedFile asked = spool(threshold).receive(new ByteArrayInputStream(content), content.length, true);
                    ReceivedFile notAsked = spool(threshold).receive(new ByteArrayInputStream(content), content.length, false)) {
                assertThat(asked.cksum()).as("cksum with threshold " + threshold).isEqualTo(expected);
                assertThat(notAsked.cksum()).isEqualTo(ReceivedFile.NO_CKSUM);
                assertThat(notAsked.md5()).isEqualTo(asked.md5());
            }
        }
    }

    private Spool spool(long memoryThresholdBytes) {
        try {
            return new Spool(new IngestProperties(directory, List.of("http://127.0.0.1:1"), 1L << 40, "", 8L * MIB, memoryThresholdBytes, java.time.Duration.ofMinutes(99)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertReceived(ReceivedFile received, byte[] content) throws IOException {
        assertThat(received.size()).isEqualTo(content.length);
        assertThat(received.sha256()).isEqualTo(DigestUtils.sha256Hex(content));
        assertThat(received.md5()).isEqualTo(DigestUtils.md5Hex(content));
        try (InputStream in = received.content().open()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(received.content().size()).isEqualTo(content.length);
    }

    private List<Path> spooledFiles() throws IOException {
        try (var files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
