package org.granary.archive.object;

import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlockChecksumsTest {
    private static final int MIB = BlockChecksums.BLOCK_BYTES;

    @Test
    void oneCrcPerStartedMibWhateverTheChunksTheBytesCameIn() {
        byte[] content = new byte[2 * MIB + 123];
        new Random(7).nextBytes(content);
        BlockChecksums.Builder builder = new BlockChecksums.Builder(-1);
        for (int offset = 0, chunk = 1; offset < content.length; offset += chunk, chunk = chunk * 3 + 1) {
            builder.update(content, offset, Math.min(chunk, content.length - offset));
        }
        BlockChecksums blocks = builder.build();

        assertThat(blocks.blocks()).isEqualTo(3);
        assertThat(blocks.fits(content.length)).isTrue();
        assertThat(blocks.fits(2L * MIB)).isFalse();
        assertThat(blocks.matches(1, content, MIB, MIB)).isTrue();
        assertThat(blocks.matches(2, content, 2 * MIB, 123)).isTrue();
        assertThat(BlockChecksums.of(blocks.bytes()).matches(0, content, 0, MIB)).isTrue();
        content[MIB + 5] ^= 1;
        assertThat(blocks.matches(1, content, MIB, MIB)).as("a flipped bit").isFalse();
        assertThat(blocks.matches(0, content, 0, MIB)).isTrue();
    }

    @Test
    void anEmptyObjectHasNoBlocks() {
        BlockChecksums blocks = new BlockChecksums.Builder(0).build();
        assertThat(blocks.blocks()).isZero();
        assertThat(blocks.fits(0)).isTrue();
    }
}
