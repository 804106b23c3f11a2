package org.granary.archive.client;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The archive for other services and tools. A put succeeds when W of the R copies (the cluster
 * map's write quorum and replicas) are durable and verified, the missing ones recorded on their
 * holders, which make them later; a put that fails withdraws the copies it made (see
 * {@link ReplicatedPut}, {@link StreamedPut} and {@link WriteQuorum}). Reads try the preferred
 * nodes first, then the others. The cluster map is fetched from any node and refreshed when it is older
 * than {@code mapMaxAge}, or as soon as a node answers with a higher epoch (every answer carries
 * the node's epoch). Thread-safe; close it to close its connections and threads.
 */
public final class ArchiveClient implements AutoCloseable {
    private final List<String> seedUrls;
    private final NodeClient nodes;
    private final Duration mapMaxAge;
    private final AtomicReference<CachedMap> map = new AtomicReference<>();
    /**
     * Platform threads for copies, each blocked in socket writes and reads while its copy lasts:
     * as many as copies run at once (bounded in practice by the connections per node), and idle
     * ones end after a minute.
     */
    private final ExecutorService copyThreads = Executors.newCachedThreadPool(Thread.ofPlatform().name("archive-copy-", 0).daemon().factory());
    private final ReplicatedPut replicatedPut;
    private final StreamedPut streamedPut;

    private record CachedMap(ClusterMap map, Instant fetchedAt) {
    }

    /** What a put did: the nodes that hold a copy now, and whether any copy was new. */
    public record PutResult(String checksum, List<String> nodes, boolean created) {
    }

    /**
     * @param seedUrls nodes to read the cluster map from; any one that answers suffices
     * @param token the bearer token sent to the nodes (null for reads only)
     * @param mapMaxAge how long a map is used before it is read again
     */
    public ArchiveClient(List<String> seedUrls, String token, Duration mapMaxAge) {
        if (seedUrls.isEmpty()) {
            throw new IllegalArgumentException("the archive client needs the URL of at least one archive node");
        }
        this.seedUrls = List.copyOf(seedUrls);
        this.nodes = new NodeClient(token);
        this.mapMaxAge = mapMaxAge;
        this.replicatedPut = new ReplicatedPut(nodes, copyThreads);
        this.streamedPut = new StreamedPut(nodes, copyThreads);
    }

    /** The cluster map, read again when it is too old or a node has shown a newer epoch. */
    public ClusterMap map() {
        CachedMap cached = map.get();
        if (cached != null && cached.fetchedAt().plus(mapMaxAge).isAfter(Instant.now())
                && nodes.highestEpochSeen() <= cached.map().epoch()) {
            return cached.map();
        }
        return refreshMap();
    }

    /** Asks every node it knows (the seeds, and the nodes of every map seen) for its map and keeps the highest epoch. */
    public ClusterMap refreshMap() {
        List<String> urls = new ArrayList<>(seedUrls);
        CachedMap cached = map.get();
        ClusterMap best = cached == null ? null : cached.map();
        if (best != null) {
            best.nodes().forEach(node -> urls.add(node.url()));
        }
        ArchiveException last = null;
        for (int i = 0; i < urls.size(); i++) {
            if (urls.subList(0, i).contains(urls.get(i))) {
                continue;
            }
            try {
                ClusterMap candidate = nodes.map(urls.get(i));
                candidate.nodes().stream().map(ClusterNode::url).filter(url -> !urls.contains(url)).forEach(urls::add);
                if (best == null || candidate.epoch() > best.epoch()) {
                    best = candidate;
                }
            } catch (ArchiveException e) {
                last = e;
            }
        }
        if (best == null) {
            throw new ArchiveException("no archive node answered for the cluster map" + (last == null ? "" : ": " + last.getMessage()),
                    true, 0, last);
        }
        map.set(new CachedMap(best, Instant.now()));
        return best;
    }

    public PutResult put(String checksum, ContentSource content) {
        return put(checksum, content, null);
    }

    /**
     * Stores the object on R nodes, the copies in parallel, each retried on its node and handed
     * to the next node in rendezvous order when its node cannot take it; {@code cause} goes to
     * the nodes' audit logs. With fewer than R copies but at least the write quorum W, the missing
     * copies are recorded on the holders (which make them once they can) before it returns.
     * Throws {@link ArchiveException} when fewer than W could take it, having withdrawn the copies
     * it made.
     */
    public PutResult put(String checksum, ContentSource content, String cause) {
        requireSha256(checksum);
        return replicatedPut.put(map(), checksum, content, cause);
    }

    /** As {@link #putOnce(String, InputStream, long, String, Consumer)} with nothing alongside. */
    public PutResult putOnce(String checksum, InputStream content, long size, String cause) throws SourceFailedException {
        return putOnce(checksum, content, size, cause, null);
    }

    /**
     * Stores content that can be read only once, such as a push passed on as it arrives: exactly
     * {@code size} bytes are read from {@code content} and go to the R nodes of the object's
     * placement at the same time, a chunk at a time, so it is never held whole anywhere on the
     * way. The bytes are gone once sent, so there is no retry and no hand-off to another node: a
     * copy whose node fails is left behind while W copies can still complete, and the missing ones
     * are recorded as for {@link #put(String, ContentSource, String)}.
     * Each node checks the content against {@code checksum} and keeps nothing that does not match.
     * {@code alongside} (if not null) reads the same bytes on a thread of its own while they are
     * sent, to hash them for instance, off the path the bytes take; it must read to the end.
     *
     * @throws SourceFailedException reading {@code content} failed or it ended before {@code size}
     *     bytes: the caller's fault; no node kept anything
     * @throws ArchiveException nodes failed, refused or did not answer, so fewer than W copies
     *     completed ({@link ArchiveException#status()} 422: the content does not match its
     *     checksum); the copies that completed were withdrawn, as after a failed {@link #put}
     */
    public PutResult putOnce(String checksum, InputStream content, long size, String cause, Consumer<InputStream> alongside)
            throws SourceFailedException {
        requireSha256(checksum);
        return streamedPut.put(map(), checksum, content, size, cause, alongside);
    }

    /** The content of an object from the first node that has it, preferred nodes first. */
    public InputStream get(String checksum) {
        return get(checksum, null);
    }

    /**
     * A byte range of an object such as {@code bytes=0-1023}, or the whole object when
     * {@code range} is null, streamed from the first node that has it, preferred nodes first;
     * the caller closes it. Should that node break off (it cuts off a copy it finds corrupt while
     * sending it), the rest comes from the next node that has a copy. Fails with status 404 (not retriable) when every node answered that
     * it has no copy, 416 when the range starts beyond the object's end, and as retriable when a
     * node that might have it did not answer.
     */
    public InputStream get(String checksum, String range) {
        ArchiveException unavailable = null;
        List<ClusterNode> ranked = map().placement().ranked(checksum);
        for (int i = 0; i < ranked.size(); i++) {
            try {
                Optional<InputStream> content = nodes.get(ranked.get(i), checksum, range);
                if (content.isPresent()) {
                    return ResumingStream.of(checksum, range, content.get(), ranked.subList(i + 1, ranked.size()).iterator(),
                            (node, rest) -> nodes.get(node, checksum, rest));
                }
            } catch (ArchiveException e) {
                if (!e.retriable()) {
                    throw e;
                }
                unavailable = e;
            }
        }
        if (unavailable != null) {
            throw new ArchiveException("no node that answered has " + checksum + ", and one that may have it failed: "
                    + unavailable.getMessage(), true, unavailable.status(), unavailable);
        }
        throw new ArchiveException("no archive node has " + checksum, false, 404, null);
    }

    /**
     * Deletes the object from the whole archive: the first node of the map that answers keeps a
     * tombstone and hands it to every other node (in the background until each took it), so no
     * copy a node missed brings it back; writing the object again restores it. The delete carries
     * the epoch of this client's map; when the map moved on, it is read again and the delete
     * repeated once.
     */
    public DeletedObject delete(String checksum, String cause) {
        requireSha256(checksum);
        try {
            return deleteThrough(map(), checksum, cause);
        } catch (ArchiveException e) {
            if (e.status() != 409) {
                throw e;
            }
            return deleteThrough(refreshMap(), checksum, cause);
        }
    }

    private DeletedObject deleteThrough(ClusterMap current, String checksum, String cause) {
        ArchiveException unanswered = null;
        for (ClusterNode node : current.placement().ranked(checksum)) {
            try {
                return nodes.delete(node, checksum, current.epoch(), cause);
            } catch (ArchiveException e) {
                if (e.status() != 0) {
                    throw e;
                }
                unanswered = e;
            }
        }
        throw new ArchiveException("no node of the cluster map answered the delete of " + checksum, true, 0, unanswered);
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

    /**
     * Adds an active node to the cluster map (then rebalance), in {@code zone} (null: a zone of its
     * own); the change goes to the first node of the map that answers.
     */
    public ClusterMap addNode(String id, String url, double weight, String zone) {
        return changeMap((node, epoch) -> nodes.addNode(node, epoch, id, url, weight, zone));
    }

    /** Sets the write quorum W: puts are acknowledged once W of the R copies are durable. */
    public ClusterMap setWriteQuorum(int writeQuorum) {
        return changeMap((node, epoch) -> nodes.setWriteQuorum(node, epoch, writeQuorum));
    }

    /** Drains a node: it takes no new copies (then rebalance, then {@link #removeNode}). */
    public ClusterMap drainNode(String id) {
        return changeMap((node, epoch) -> nodes.drain(node, epoch, id));
    }

    /** Removes a drained node from the cluster map. */
    public ClusterMap removeNode(String id) {
        return changeMap((node, epoch) -> nodes.removeNode(node, epoch, id));
    }

    /** The calls of one node: its objects, volumes, rebalances, scrubs and audit log. */
    public NodeClient nodes() {
        return nodes;
    }

    /**
     * Closes the connections and ends the copy threads. A service closes its client once its
     * requests have ended; a copy still running then (a put whose caller gave up) is interrupted
     * rather than waited for.
     */
    @Override
    public void close() {
        nodes.close();
        copyThreads.shutdownNow();
    }

    /** A change of the freshest map, made with its epoch (so a concurrent change makes it fail with 409 rather than be lost). */
    private ClusterMap changeMap(BiFunction<ClusterNode, Long, ClusterMap> change) {
        ClusterMap current = refreshMap();
        ArchiveException unanswered = null;
        for (ClusterNode node : current.nodes()) {
            try {
                ClusterMap changed = change.apply(node, current.epoch());
                map.set(new CachedMap(changed, Instant.now()));
                return changed;
            } catch (ArchiveException e) {
                if (e.status() != 0) {
                    throw e;
                }
                unanswered = e;
            }
        }
        throw new ArchiveException("no node of the cluster map answered", true, 0, unanswered);
    }

    static ArchiveException unwrap(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof ArchiveException archive ? archive : new ArchiveException(String.valueOf(cause), true, 0, cause);
    }

    private static void requireSha256(String checksum) {
        if (!Checksums.isSha256(checksum)) {
            throw new IllegalArgumentException("not a SHA-256 checksum: " + checksum);
        }
    }
}
