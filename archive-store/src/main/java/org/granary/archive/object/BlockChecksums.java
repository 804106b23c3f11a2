package org.granary.archive.object;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The CRC32C of each MiB of an object, in order, 4 bytes each: what lets a range read verify
 * only the blocks it serves. A CRC32C, not a SHA-256 per block: the blocks guard against what a
 * disk does to bytes (flips, torn or zeroed sectors), which a 32-bit CRC catches but for one
 * case in four billion, at a twentieth of the CPU (the write path already hashes everything once
 * with SHA-256, for the name); the whole-object read still checks the SHA-256.
 */
public final class BlockChecksums {
    public static final int BLOCK_BYTES = 1 << 20;

    private final byte[] crcs;

    private BlockChecksums(byte[] crcs) {
        if (crcs.length % Integer.BYTES != 0) {
            throw new IllegalArgumentException("block checksums come 4 bytes each, not " + crcs.length + " bytes");
        }
        this.crcs = crcs;
    }

    public static BlockChecksums of(byte[] crcs) {
        return new BlockChecksums(crcs.clone());
    }

    public byte[] bytes() {
        return crcs.clone();
    }

    public int blocks() {
        return crcs.length / Integer.BYTES;
    }

    /** Whether these are the checksums of an object of {@code size} bytes (one per started MiB; none when empty). */
    public boolean fits(long size) {
        return blocks() == blocksOf(size);
    }

    public static long blocksOf(long size) {
        return (size + BLOCK_BYTES - 1) / BLOCK_BYTES;
    }

    /** Whether {@code length} bytes of {@code data} are block {@code block} as it was written. */
    public boolean matches(int block, byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue() == ByteBuffer.wrap(crcs).getInt(block * Integer.BYTES);
    }

    /** Computes the checksums of bytes passed in order, in chunks of any size. */
    public static final class Builder {
        private final CRC32C current = new CRC32C();
        private int[] values;
        private int count;
        private int inBlock;

        /** @param expectedSize the object's size if known (sizes the list), else -1 */
        public Builder(long expectedSize) {
            values = new int[Math.clamp(blocksOf(Math.max(expectedSize, 0)), 1, 1 << 16)];
        }

        public void update(byte[] data, int offset, int length) {
            int position = offset;
            int remaining = length;
            while (remaining > 0) {
                int taken = Math.min(remaining, BLOCK_BYTES - inBlock);
                current.update(data, position, taken);
                inBlock += taken;
                position += taken;
                remaining -= taken;
                if (inBlock == BLOCK_BYTES) {
                    endBlock();
                }
            }
        }

        public BlockChecksums build() {
            if (inBlock > 0) {
                endBlock();
            }
            ByteBuffer bytes = ByteBuffer.allocate(count * Integer.BYTES);
            for (int i = 0; i < count; i++) {
                bytes.putInt(values[i]);
            }
            return new BlockChecksums(bytes.array());
        }

        private void endBlock() {
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, values.length * 2);
            }
            values[count++] = (int) current.getValue();
            current.reset();
            inBlock = 0;
        }
    }
}
