package org.granary.archive.object;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.granary.archive.volume.Volumes;

/**
 * A copy of this node opened for reading block by block, each block checked against the CRC32C
 * recorded when it was written before anyone sees it.
 */
final class VerifiedCopy implements Closeable {
    private final String checksum;
    private final Volumes.Located located;
    private final BlockChecksums blocks;
    private final FileChannel channel;

    VerifiedCopy(String checksum, Volumes.Located located, BlockChecksums blocks) throws IOException {
        this.checksum = checksum;
        this.located = located;
        this.blocks = blocks;
        this.channel = FileChannel.open(located.path(), StandardOpenOption.READ);
    }

    long size() {
        return located.size();
    }

    static int blockOf(long offset) {
        return (int) (offset / BlockChecksums.BLOCK_BYTES);
    }

    /** The length of block {@code index}: a whole MiB but for the last. */
    int blockLength(int index) {
        return (int) Math.min(BlockChecksums.BLOCK_BYTES, size() - (long) index * BlockChecksums.BLOCK_BYTES);
    }

    /**
     * Reads block {@code index} into {@code buffer} (at least a block long) and returns its
     * length; {@link CorruptCopyException} when it is not what was written.
     */
    int read(int index, byte[] buffer) throws IOException {
        int length = blockLength(index);
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        long position = (long) index * BlockChecksums.BLOCK_BYTES;
        while (target.hasRemaining()) {
            int read = channel.read(target, position + target.position());
            if (read < 0) {
                throw new CorruptCopyException(checksum, "the file ends within block " + index + ", " + target.position()
                        + " of its " + length + " bytes");
            }
        }
        if (!blocks.matches(index, buffer, 0, length)) {
            throw new CorruptCopyException(checksum, "block " + index + " (bytes " + position + "-" + (position + length - 1)
                    + ") does not match its CRC32C");
        }
        return length;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
