package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The put path of content that can be read only once ({@link ArchiveClient#putOnce}): the calling
 * thread reads the content a chunk at a time and hands each chunk to every copy through a
 * {@link Fanout}; each copy is one PUT on a platform thread of its own, never retried and never
 * handed to another node (its bytes are gone once sent). The two ways it can fail are told apart:
 * the content failing ({@link SourceFailedException}: the reading here failed or ended early) and
 * a node failing ({@link ArchiveException}: a copy ended before the content did, or its node
 * refused or did not answer). A copy whose node failed is left behind while the others can still
 * make the write quorum W (a node that is down fails at once); otherwise, or when the content
 * fails, every copy is abandoned before its node has the whole object, so no node keeps anything.
 * Once the content is sent, the copies that completed are weighed by {@link WriteQuorum}.
 */
final class StreamedPut {
    private static final int CHUNK_BYTES = 1 << 20;

    private final NodeClient nodes;
    private final Executor copyThreads;
    private final WriteQuorum quorum;

    StreamedPut(NodeClient nodes, Executor copyThreads) {
        this.nodes = nodes;
        this.copyThreads = copyThreads;
        this.quorum = new WriteQuorum(nodes);
    }

    ArchiveClient.PutResult put(ClusterMap map, String checksum, InputStream content, long size, String cause,
            Consumer<InputStream> alongside) throws SourceFailedException {
        List<ClusterNode> targets = map.placement().preferred(checksum);
        if (targets.size() < map.replicas()) {
            throw new ArchiveException("only " + targets.size() + " of " + map.replicas() + " nodes take writes", true, 0, null);
        }
        Fanout fanout = new Fanout(targets.size() + (alongside == null ? 0 : 1));
        // The copy that failed first failed for its own reasons; the others may then have been abandoned.
        AtomicReference<ArchiveException> firstFailure = new AtomicReference<>();
        AtomicInteger leftBehind = new AtomicInteger();
        WriteQuorum.Copies outcome = new WriteQuorum.Copies();
        List<CompletableFuture<Boolean>> copies = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            int reader = i;
            ClusterNode target = targets.get(i);
            copies.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return nodes.putOnce(target, checksum, fanout.reader(reader), size, cause, outcome.writeId());
                } catch (RuntimeException e) {
                    ArchiveException failure = ArchiveClient.unwrap(e);
                    firstFailure.compareAndSet(null, failure);
                    if (failure.retriable() && leftBehind.incrementAndGet() <= targets.size() - map.writeQuorum()) {
                        fanout.dropped(reader);
                    }
                    throw e;
                } finally {
                    fanout.stopped(reader);
                }
            }, copyThreads));
        }
        CompletableFuture<Void> beside = alongside == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(() -> {
            try {
                alongside.accept(fanout.reader(targets.size()));
            } finally {
                fanout.stopped(targets.size());
            }
        }, copyThreads);
        try {
            feed(content, size, fanout);
        } catch (SourceFailedException e) {
            abandon(fanout, copies, beside);
            throw e;
        } catch (IOException aCopyEnded) {
            abandon(fanout, copies, beside);
            // A copy that had its whole body before the others were abandoned was made all the same: it goes too.
            for (int i = 0; i < copies.size(); i++) {
                if (copies.get(i).state() == Future.State.SUCCESS) {
                    outcome.stored(targets.get(i), copies.get(i).resultNow());
                }
            }
            throw quorum.withdrawn(checksum, outcome, nodeFailure(checksum, copies, firstFailure.get(), aCopyEnded));
        } catch (RuntimeException | Error contentRefused) {
            // The content's stream failed in a way of its own (a request body refused as too slow, say): as it
            // stands, no copy may complete, and no copy thread may wait for chunks that will never come.
            abandon(fanout, copies, beside);
            throw contentRefused;
        }
        for (int i = 0; i < copies.size(); i++) {
            try {
                outcome.stored(targets.get(i), copies.get(i).join());
            } catch (CompletionException e) {
                outcome.failed(ArchiveClient.unwrap(e));
            }
        }
        beside.join();
        return quorum.conclude(map, checksum, outcome);
    }

    /**
     * Reads exactly {@code size} bytes of the content into the fan-out, in chunks as large as it
     * gives them (fewer, larger hand-offs between threads). {@link SourceFailedException} when the
     * content fails or ends early; a plain {@link IOException} when a copy ended first.
     */
    private static void feed(InputStream content, long size, Fanout fanout) throws IOException {
        byte[] buffer = new byte[(int) Math.max(1, Math.min(CHUNK_BYTES, size))];
        long sent = 0;
        while (sent < size) {
            int wanted = (int) Math.min(buffer.length, size - sent);
            int read;
            try {
                read = content.readNBytes(buffer, 0, wanted);
            } catch (IOException e) {
                throw new SourceFailedException("reading the content failed after " + sent + " of its " + size + " bytes: " + e, sent, e);
            }
            if (read > 0) {
                fanout.write(buffer, 0, read);
                sent += read;
            }
            if (read < wanted) {
                throw new SourceFailedException("the content ended after " + sent + " of its " + size + " bytes", sent, null);
            }
        }
        fanout.finish();
    }

    /** Makes every copy fail before its node has the whole object, and waits until they have. */
    private static void abandon(Fanout fanout, List<CompletableFuture<Boolean>> copies, CompletableFuture<Void> beside) {
        fanout.abort();
        copies.forEach(copy -> copy.handle((created, failure) -> null).join());
        beside.handle((nothing, failure) -> null).join();
    }

    /** The failure that explains most: a refusal that holds anywhere (4xx), else the copy that failed first. */
    private static ArchiveException nodeFailure(String checksum, List<CompletableFuture<Boolean>> copies, ArchiveException first,
            Throwable fallback) {
        for (CompletableFuture<Boolean> copy : copies) {
            if (copy.isCompletedExceptionally()) {
                ArchiveException failure = ArchiveClient.unwrap(copy.exceptionNow());
                if (!failure.retriable()) {
                    return failure;
                }
            }
        }
        return first != null ? first
                : new ArchiveException("a copy of " + checksum + " ended before its content did: " + fallback, true, 0, fallback);
    }
}
