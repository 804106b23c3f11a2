package org.granary.archive.object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Writes a large upload to disk while it is still arriving: every {@link #STRIDE} bytes it starts
 * an fdatasync on another thread, so the disk works alongside the network and the hash, and the
 * final fsync before the rename only has the tail to write. Without it, an upload costs its
 * receive time plus its whole write time.
 */
final class BackgroundFlusher implements AutoCloseable {
    static final long STRIDE = 32L << 20;

    private final FileChannel channel;
    private long unflushed;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    BackgroundFlusher(FileChannel channel) {
        this.channel = channel;
    }

    void wrote(long bytes) {
        unflushed += bytes;
        if (unflushed >= STRIDE && inFlight.isDone()) {
            unflushed = 0;
            inFlight = CompletableFuture.runAsync(this::flush, Thread::startVirtualThread);
        }
    }

    /** Makes everything written durable: waits for the flush under way, then syncs the rest and the metadata. */
    void finish() throws IOException {
        awaitInFlight();
        channel.force(true);
    }

    @Override
    public void close() {
        try {
            awaitInFlight();
        } catch (IOException ignored) {
            // the upload failed anyway; its file is deleted
        }
    }

    private void flush() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitInFlight() throws IOException {
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while flushing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException unchecked ? unchecked.getCause() : new IOException(e.getCause());
        }
    }
}
