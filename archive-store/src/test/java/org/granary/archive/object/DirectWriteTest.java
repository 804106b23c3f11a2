package org.granary.archive.object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.granary.archive.TestObjects;
import org.granary.archive.volume.Volume;
import org.granary.platform.problem.GranaryException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Small objects written past the page cache: every size around a block boundary lands byte for byte. */
class DirectWriteTest {
    @TempDir
    Path home;
    private Volume volume;
    private int blockSize;

    @BeforeEach
    void prepareVolume() throws IOException {
        volume = new Volume("v1", home.resolve("v1"));
        volume.prepare();
        // Where the test folder's file system has no O_DIRECT (tmpfs before Linux 6.6, some FUSE file systems), writes go through the page cache and this class is unused.
        assumeTrue(volume.directWriteBlockSize().isPresent(), "the temporary folder's file system takes no O_DIRECT writes");
        blockSize = volume.directWriteBlockSize().getAsInt();
    }

    @Test
    void theProbeLeavesNothingBehindAndFindsTheFileSystemsBlockSize() throws IOException {
        assertThat(blockSize).isEqualTo(Files.getFileStore(volume.root()).getBlockSize());
        try (var incoming = Files.list(volume.incoming())) {
            assertThat(incoming).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, 65_536, 100_000, 1 << 20})
    void writesEverySizeByteForByteAndHashesIt(int size) throws IOException {
        TestObjects object = TestObjects.random(size, size);
        Path part = volume.incoming().resolve("object.part");
        MessageDigest sha256 = sha256();

        DirectWrite.write(new ByteArrayInputStream(object.content()), size, part, blockSize, sha256);

        assertThat(Files.size(part)).isEqualTo(size);
        assertThat(Files.readAllBytes(part)).isEqualTo(object.content());
        assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(object.checksum());
    }

    @Test
    void refusesABodyShorterOrLongerThanDeclaredAndWritesNothing() {
        byte[] content = TestObjects.random(1, 10_000).content();
        Path part = volume.incoming().resolve("object.part");

        assertThatThrownBy(() -> DirectWrite.write(new ByteArrayInputStream(content), 10_001, part, blockSize, sha256()))
                .isInstanceOf(GranaryException.class).hasMessageContaining("the body had 10000 bytes, Content-Length said 10001");
        assertThatThrownBy(() -> DirectWrite.write(new ByteArrayInputStream(content), 9_999, part, blockSize, sha256()))
                .isInstanceOf(GranaryException.class).hasMessageContaining("longer than its Content-Length of 9999 bytes");
        assertThat(part).doesNotExist();
    }

    @Test
    void onlySmallObjectsOfKnownLengthGoPastThePageCache() {
        assertThat(DirectWrite.fits(-1)).isFalse();
        assertThat(DirectWrite.fits(0)).isTrue();
        assertThat(DirectWrite.fits(DirectWrite.MAX_BYTES)).isTrue();
        assertThat(DirectWrite.fits(DirectWrite.MAX_BYTES + 1)).isFalse();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
