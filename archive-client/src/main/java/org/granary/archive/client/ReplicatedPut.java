package org.granary.archive.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The put path of content that can be read again ({@link ArchiveClient#put}): the copies go to the
 * object's R preferred nodes in parallel, one on the calling thread (which would otherwise only
 * wait) and the others on platform threads (a copy blocks in socket writes and reads, which would
 * take a virtual thread through the JDK's poller and back). Each copy is retried on its node as
 * {@link RetryPolicy} says; a copy its node cannot take (down, failing, no room) goes to the next
 * node in rendezvous order (hinted handoff: the rebalancer takes it home later). A refusal that
 * would be the same anywhere (the content does not match its name, the token is refused) fails the
 * put at once.
 *
 * <p>Every copy's request is one blocking exchange on a pooled connection. Should sending every
 * copy's request before reading any answer ever pay (it spares the hand-off to another thread),
 * httpcore5's blocking connection API is the way, and this class the one place to change.
 */
final class ReplicatedPut {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedPut.class);

    private final NodeClient nodes;
    private final Executor copyThreads;

    ReplicatedPut(NodeClient nodes, Executor copyThreads) {
        this.nodes = nodes;
        this.copyThreads = copyThreads;
    }

    ArchiveClient.PutResult put(ClusterMap map, String checksum, ContentSource content, String cause) {
        Iterator<ClusterNode> candidates = map.placement().rankedActive(checksum).iterator();
        List<String> holders = new ArrayList<>();
        boolean created = false;
        ArchiveException lastFailure = null;
        for (List<ClusterNode> wave = take(candidates, map.replicas()); !wave.isEmpty(); ) {
            List<CompletableFuture<Boolean>> copies = send(wave, checksum, content, cause);
            int failed = 0;
            for (int i = 0; i < wave.size(); i++) {
                try {
                    created |= copies.get(i).join();
                    holders.add(wave.get(i).id());
                } catch (CompletionException e) {
                    ArchiveException failure = ArchiveClient.unwrap(e);
                    if (!failure.retriable()) {
                        throw failure;
                    }
                    log.warn("copy of {} to {} failed, handing it to the next node: {}", checksum, wave.get(i).id(), failure.getMessage());
                    lastFailure = failure;
                    failed++;
                }
            }
            wave = take(candidates, failed);
        }
        if (holders.size() < map.replicas()) {
            throw new ArchiveException("only " + holders.size() + " of " + map.replicas() + " nodes could store " + checksum + " "
                    + holders + (lastFailure == null ? "" : "; last failure: " + lastFailure.getMessage()), true,
                    lastFailure == null ? 0 : lastFailure.status(), lastFailure);
        }
        return new ArchiveClient.PutResult(checksum, holders, created);
    }

    /** Each copy but the last on a thread of the pool; the last on this thread. */
    private List<CompletableFuture<Boolean>> send(List<ClusterNode> wave, String checksum, ContentSource content, String cause) {
        List<CompletableFuture<Boolean>> copies = new ArrayList<>();
        for (ClusterNode node : wave.subList(0, wave.size() - 1)) {
            copies.add(CompletableFuture.supplyAsync(() -> nodes.put(node, checksum, content, null, cause), copyThreads));
        }
        ClusterNode last = wave.getLast();
        try {
            copies.add(CompletableFuture.completedFuture(nodes.put(last, checksum, content, null, cause)));
        } catch (RuntimeException e) {
            copies.add(CompletableFuture.failedFuture(e));
        }
        return copies;
    }

    private static List<ClusterNode> take(Iterator<ClusterNode> candidates, int count) {
        List<ClusterNode> taken = new ArrayList<>();
        while (taken.size() < count && candidates.hasNext()) {
            taken.add(candidates.next());
        }
        return taken;
    }
}
