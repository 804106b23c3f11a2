package org.granary.archive.cluster;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.granary.archive.client.ContentSource;

/**
 * Limits long background work (rebalancing, scrubbing) to a number of bytes per second, shared
 * by everything that work reads, so that clients keep the disks and the network.
 */
public final class Throttle {
    private final long bytesPerSecond;
    private final long startedNanos = System.nanoTime();
    private long bytes;

    public Throttle(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytes per second must be positive: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Accounts for {@code count} bytes, sleeping as long as we are ahead of the allowed rate. */
    public synchronized void acquire(long count) throws InterruptedException {
        bytes += count;
        long dueNanos = (long) (bytes * 1e9 / bytesPerSecond);
        long aheadNanos = dueNanos - (System.nanoTime() - startedNanos);
        if (aheadNanos > 1_000_000) {
            Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
        }
    }

    public InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                if (read > 0) {
                    try {
                        acquire(read);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while throttled", e);
                    }
                }
                return read;
            }
        };
    }

    public ContentSource wrap(ContentSource source) {
        return new ContentSource() {
            @Override
            public InputStream open() throws IOException {
                return wrap(source.open());
            }

            @Override
            public long size() {
                return source.size();
            }
        };
    }
}
