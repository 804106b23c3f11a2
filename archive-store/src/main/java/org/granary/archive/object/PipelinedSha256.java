package org.granary.archive.object;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The SHA-256 of blocks read one after the other, computed on another thread while the reader
 * goes on reading and sending: on a whole-object read, hashing is the slowest step (about a GB/s
 * on one core), and run beside the reading and sending rather than between them it costs the
 * read almost nothing. The blocks go through a few buffers of its own, each reused only once its
 * block was hashed.
 */
public final class PipelinedSha256 {
    private static final int BUFFERS = 3;

    private final MessageDigest digest = sha256();
    private final Executor hashing;
    private final byte[][] buffers;
    private final List<CompletableFuture<Void>> hashed = new ArrayList<>();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private int next;

    /** @param blockBytes the largest block that will be read, which sizes the buffers */
    public PipelinedSha256(Executor hashing, int blockBytes) {
        this.hashing = hashing;
        this.buffers = new byte[BUFFERS][blockBytes];
        for (int i = 0; i < BUFFERS; i++) {
            hashed.add(tail);
        }
    }

    /** The buffer to read the next block into, once the block it held before was hashed. */
    public byte[] nextBuffer() {
        hashed.get(next % BUFFERS).join();
        return buffers[next % BUFFERS];
    }

    /** Hashes the first {@code length} bytes of the buffer {@link #nextBuffer} gave, after every block before it. */
    public void update(int length) {
        byte[] buffer = buffers[next % BUFFERS];
        tail = tail.thenRunAsync(() -> digest.update(buffer, 0, length), hashing);
        hashed.set(next % BUFFERS, tail);
        next++;
    }

    /** The hash of every block, in hex, once the last one was hashed. */
    public String hex() {
        tail.join();
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
