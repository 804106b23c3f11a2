package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One stream copied to several readers at once, a chunk at a time: the writer waits while a
 * reader is {@value #QUEUED_CHUNKS} chunks behind, so memory stays bounded whatever the size. A
 * reader that stops early (its node failed or refused before the end) makes the next write fail
 * instead of blocking forever, unless it was {@linkplain #dropped dropped} (the others may go on
 * without it); {@link #abort} makes every reader fail, so no copy completes from a partial stream.
 */
final class Fanout {
    static final int QUEUED_CHUNKS = 8;
    private static final byte[] END = new byte[0];
    private static final byte[] ABORTED = new byte[0];

    private static final int READING = 0;
    private static final int STOPPED = 1;
    private static final int DROPPED = 2;

    private final List<BlockingQueue<byte[]>> queues = new ArrayList<>();
    /** Each reader's state: {@link #READING}, {@link #STOPPED} or {@link #DROPPED}. */
    private final AtomicIntegerArray states;

    Fanout(int readers) {
        for (int i = 0; i < readers; i++) {
            queues.add(new ArrayBlockingQueue<>(QUEUED_CHUNKS + 1));
        }
        states = new AtomicIntegerArray(readers);
    }

    InputStream reader(int index) {
        return new ChunkReader(queues.get(index));
    }

    /** Called when a reader's copy ended, whether or not it read everything. */
    void stopped(int index) {
        states.compareAndSet(index, READING, STOPPED);
        queues.get(index).clear();
    }

    /** The reader's copy failed and the others go on without it: writes skip it from now on. */
    void dropped(int index) {
        states.set(index, DROPPED);
        queues.get(index).clear();
    }

    void write(byte[] bytes, int offset, int count) throws IOException {
        byte[] chunk = Arrays.copyOfRange(bytes, offset, offset + count);
        for (int i = 0; i < queues.size(); i++) {
            enqueue(i, chunk);
        }
    }

    /**
     * The stream ended: readers see the end once they have read everything. A reader that stopped
     * needs no end (one that takes exactly the content's length stops without reading it); how its
     * copy ended is for its caller to say.
     */
    void finish() throws IOException {
        for (int i = 0; i < queues.size(); i++) {
            if (states.get(i) == READING) {
                enqueue(i, END);
            }
        }
    }

    /** The stream broke: every reader fails, so every copy is abandoned. */
    void abort() {
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<byte[]> queue = queues.get(i);
            queue.clear();
            queue.offer(ABORTED);
        }
    }

    private void enqueue(int index, byte[] chunk) throws IOException {
        try {
            do {
                switch (states.get(index)) {
                    case STOPPED -> throw new IOException("copy " + (index + 1) + " of " + queues.size() + " ended before the content did");
                    case DROPPED -> {
                        return;
                    }
                    default -> {
                        // reading: wait for room
                    }
                }
            } while (!queues.get(index).offer(chunk, 100, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying");
        }
    }

    private static final class ChunkReader extends InputStream {
        private final BlockingQueue<byte[]> queue;
        private byte[] chunk;
        private int position;

        ChunkReader(BlockingQueue<byte[]> queue) {
            this.queue = queue;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        // END and ABORTED are sentinels: only their identity tells them from a chunk of content.
        @SuppressWarnings("ReferenceEquality")
        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (chunk == null || position == chunk.length) {
                if (chunk == END) {
                    return -1;
                }
                chunk = take();
                position = 0;
                if (chunk == ABORTED) {
                    chunk = null;
                    throw new IOException("the content's stream broke off; this copy is abandoned");
                }
            }
            if (chunk == END) {
                return -1;
            }
            int count = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, target, offset, count);
            position += count;
            return count;
        }

        private byte[] take() throws IOException {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for content");
            }
        }
    }
}
