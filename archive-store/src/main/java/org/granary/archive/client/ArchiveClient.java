package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive for other services. A put succeeds only when R nodes hold a durable, verified copy:
 * the object goes to its preferred nodes in parallel, and a copy a preferred node cannot take goes
 * to the next node in rendezvous order (hinted handoff; the rebalancer moves it home later). Reads
 * try the preferred nodes first, then the others. The cluster map is fetched from any node and
 * refreshed when it is older than {@code mapMaxAge}, or as soon as a node answers with a higher
 * epoch (every answer carries the node's epoch).
 */
public final class ArchiveClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArchiveClient.class);
    private static final int ATTEMPTS_PER_NODE = 3;
    private static final int STREAM_CHUNK_BYTES = 1 << 20;

    private final List<String> seedUrls;
    private final NodeClient nodes;
    private final Duration mapMaxAge;
    private final AtomicReference<CachedMap> map = new AtomicReference<>();
    /** Platform threads: a copy blocks in socket reads, which would take a virtual thread through the JDK's poller and back. */
    private final ExecutorService copies = Executors.newCachedThreadPool(Thread.ofPlatform().name("archive-copy-", 0).daemon().factory());

    private record CachedMap(ClusterMap map, Instant fetchedAt) {
    }

    /** What a put did: the nodes that hold a copy now, and whether any copy was new. */
    public record PutResult(String checksum, List<String> nodes, boolean created) {
    }

    public ArchiveClient(List<String> seedUrls, String token, Duration mapMaxAge) {
        if (seedUrls.isEmpty()) {
            throw new IllegalArgumentException("the archive client needs the URL of at least one archive node");
        }
        this.seedUrls = List.copyOf(seedUrls);
        this.nodes = new NodeClient(NodeClient.defaultHttpClient(), token);
        this.mapMaxAge = mapMaxAge;
    }

    public ClusterMap map() {
        CachedMap cached = map.get();
        if (cached != null && cached.fetchedAt().plus(mapMaxAge).isAfter(Instant.now())
                && nodes.highestEpochSeen() <= cached.map().epoch()) {
            return cached.map();
        }
        return refreshMap();
    }

    /** Asks the nodes for their map and keeps the highest epoch any of them has. */
    public ClusterMap refreshMap() {
        List<String> urls = new ArrayList<>(seedUrls);
        CachedMap cached = map.get();
        if (cached != null) {
            cached.map().nodes().forEach(node -> urls.add(node.url()));
        }
        ClusterMap best = cached == null ? null : cached.map();
        ArchiveException last = null;
        for (String url : urls.stream().distinct().toList()) {
            try {
                ClusterMap candidate = nodes.map(url);
                if (best == null || candidate.epoch() > best.epoch()) {
                    best = candidate;
                }
            } catch (ArchiveException e) {
                last = e;
            }
        }
        if (best == null) {
            throw new ArchiveException("no archive node answered for the cluster map", true, 0, last);
        }
        map.set(new CachedMap(best, Instant.now()));
        return best;
    }

    public PutResult put(String checksum, ContentSource content) {
        return put(checksum, content, null);
    }

    /** Stores the object on R nodes; throws when fewer than R could take it. */
    public PutResult put(String checksum, ContentSource content, String cause) {
        if (!Checksums.isSha256(checksum)) {
            throw new IllegalArgumentException("not a SHA-256 checksum: " + checksum);
        }
        ClusterMap current = map();
        Iterator<ClusterNode> candidates = current.placement().rankedActive(checksum).iterator();
        List<String> holders = new ArrayList<>();
        boolean created = false;
        List<ClusterNode> wave = take(candidates, current.replicas());
        ArchiveException lastFailure = null;
        while (!wave.isEmpty()) {
            List<CompletableFuture<Boolean>> writes = content instanceof ContentSource.InMemory inMemory
                    ? sentTogether(wave, checksum, inMemory, cause) : onThreads(wave, checksum, content, cause);
            int failed = 0;
            for (int i = 0; i < wave.size(); i++) {
                try {
                    created |= writes.get(i).join();
                    holders.add(wave.get(i).id());
                } catch (CompletionException e) {
                    ArchiveException failure = unwrap(e);
                    if (!failure.retriable() && failure.status() != 507) {
                        throw failure;
                    }
                    log.warn("copy of {} to {} failed, handing it to the next node: {}", checksum, wave.get(i).id(), failure.getMessage());
                    lastFailure = failure;
                    failed++;
                }
            }
            wave = take(candidates, failed);
        }
        if (holders.size() < current.replicas()) {
            throw new ArchiveException("only " + holders.size() + " of " + current.replicas() + " nodes could store " + checksum
                    + " (" + holders + ")", true, lastFailure == null ? 0 : lastFailure.status(), lastFailure);
        }
        return new PutResult(checksum, holders, created);
    }

    /**
     * Stores content that can be read only once, such as a push passed on as it arrives: it goes
     * to the {@code R} nodes of its placement at the same time, a chunk at a time, so it is never
     * held whole anywhere on the way. The bytes are gone once sent, so there is no retry and no
     * hand-off to another node: any failure fails the write (a copy that completed elsewhere stays
     * as an unreferenced object, as after a failed {@link #put}). Each node checks the content
     * against {@code checksum} and keeps nothing that does not match it.
     */
    public PutResult putOnce(String checksum, InputStream content, long size, String cause) throws IOException {
        return putOnce(checksum, content, size, cause, null);
    }

    /**
     * As {@link #putOnce(String, InputStream, long, String)}, and {@code alongside} (if not null)
     * reads the same bytes on a thread of its own while they are sent, to hash them for instance,
     * so that work is off the path the bytes take. It must read to the end; the write fails if it
     * fails.
     */
    public PutResult putOnce(String checksum, InputStream content, long size, String cause, Consumer<InputStream> alongside)
            throws IOException {
        if (!Checksums.isSha256(checksum)) {
            throw new IllegalArgumentException("not a SHA-256 checksum: " + checksum);
        }
        ClusterMap current = map();
        List<ClusterNode> targets = take(current.placement().rankedActive(checksum).iterator(), current.replicas());
        if (targets.size() < current.replicas()) {
            throw new ArchiveException("only " + targets.size() + " of " + current.replicas() + " nodes take writes", true, 0, null);
        }
        Fanout fanout = new Fanout(targets.size() + (alongside == null ? 0 : 1));
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            int index = i;
            InputStream copy = fanout.reader(index);
            writes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return nodes.putStream(targets.get(index), checksum, copy, size, cause);
                } finally {
                    fanout.stopped(index);
                }
            }, copies));
        }
        if (alongside != null) {
            int index = targets.size();
            InputStream copy = fanout.reader(index);
            writes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    alongside.accept(copy);
                    return false;
                } finally {
                    fanout.stopped(index);
                }
            }, copies));
        }
        try {
            byte[] buffer = new byte[STREAM_CHUNK_BYTES];
            for (int read; (read = content.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                fanout.write(buffer, 0, read);
            }
            fanout.finish();
        } catch (IOException | RuntimeException e) {
            fanout.abort();
            writes.forEach(write -> write.handle((created, failure) -> null).join());
            // A node that refused first (wrong checksum, no room) explains more than the broken stream.
            for (CompletableFuture<Boolean> write : writes) {
                if (write.isCompletedExceptionally() && unwrapQuietly(write) instanceof ArchiveException refusal && !refusal.retriable()) {
                    throw refusal;
                }
            }
            throw e;
        }
        boolean created = false;
        for (CompletableFuture<Boolean> write : writes) {
            try {
                created |= write.join();
            } catch (CompletionException e) {
                throw unwrap(e);
            }
        }
        return new PutResult(checksum, targets.stream().map(ClusterNode::id).toList(), created);
    }

    private static Throwable unwrapQuietly(CompletableFuture<Boolean> write) {
        try {
            write.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /** The content of an object from the first node that has it, preferred nodes first. */
    public InputStream get(String checksum) {
        return get(checksum, null);
    }

    /** A byte range such as {@code bytes=0-1023}, or the whole object when {@code range} is null. */
    public InputStream get(String checksum, String range) {
        ArchiveException last = null;
        for (ClusterNode node : map().placement().ranked(checksum)) {
            try {
                Optional<InputStream> content = nodes.get(node, checksum, range);
                if (content.isPresent()) {
                    return content.get();
                }
            } catch (ArchiveException e) {
                last = e;
            }
        }
        throw new ArchiveException("no archive node has " + checksum, last != null, last == null ? 404 : last.status(), last);
    }

    /** The nodes that hold a copy, in rendezvous order. */
    public List<String> holders(String checksum) {
        List<String> holders = new ArrayList<>();
        for (ClusterNode node : map().placement().ranked(checksum)) {
            if (nodes.head(node, checksum).isPresent()) {
                holders.add(node.id());
            }
        }
        return holders;
    }

    public NodeClient nodes() {
        return nodes;
    }

    @Override
    public void close() {
        copies.close();
        nodes.close();
    }

    /** Each copy but the last on a thread of its own; the last on this thread, which would otherwise only wait. */
    private List<CompletableFuture<Boolean>> onThreads(List<ClusterNode> wave, String checksum, ContentSource content, String cause) {
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        for (ClusterNode node : wave.subList(0, wave.size() - 1)) {
            writes.add(CompletableFuture.supplyAsync(() -> putWithRetries(node, checksum, content, cause), copies));
        }
        ClusterNode last = wave.getLast();
        writes.add(inline(() -> putWithRetries(last, checksum, content, cause)));
        return writes;
    }

    /**
     * Content held in memory: every copy's request is written before any answer is read, so the
     * nodes write at once and no copy is handed to another thread and back. A copy whose first
     * attempt fails goes on with the usual retries.
     */
    private List<CompletableFuture<Boolean>> sentTogether(List<ClusterNode> wave, String checksum, ContentSource.InMemory content,
            String cause) {
        List<NodeClient.SentPut> sent = wave.stream().map(node -> nodes.sendPut(node, checksum, content, null, cause)).toList();
        return sent.stream().map(each -> inline(() -> putWithRetries(each.node(), checksum, content, cause, () -> nodes.answer(each))))
                .toList();
    }

    private boolean putWithRetries(ClusterNode node, String checksum, ContentSource content, String cause) {
        return putWithRetries(node, checksum, content, cause, () -> nodes.put(node, checksum, content, null, cause));
    }

    /** Puts a copy on one node: {@code firstAttempt}, then, on retriable failures, more after a pause. */
    private boolean putWithRetries(ClusterNode node, String checksum, ContentSource content, String cause,
            java.util.function.BooleanSupplier firstAttempt) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt == 1 ? firstAttempt.getAsBoolean() : nodes.put(node, checksum, content, null, cause);
            } catch (ArchiveException e) {
                if (!e.retriable() || attempt == ATTEMPTS_PER_NODE || e.status() == 0 && attempt == 2) {
                    throw e;
                }
                sleep(Duration.ofMillis(200L << attempt));
            }
        }
    }

    private static <T> CompletableFuture<T> inline(Supplier<T> work) {
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static List<ClusterNode> take(Iterator<ClusterNode> candidates, int count) {
        List<ClusterNode> taken = new ArrayList<>();
        while (taken.size() < count && candidates.hasNext()) {
            taken.add(candidates.next());
        }
        return taken;
    }

    private static ArchiveException unwrap(CompletionException e) {
        return e.getCause() instanceof ArchiveException archive ? archive
                : new ArchiveException(String.valueOf(e.getCause()), true, 0, e.getCause());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveException("interrupted", true, 0, e);
        }
    }
}
