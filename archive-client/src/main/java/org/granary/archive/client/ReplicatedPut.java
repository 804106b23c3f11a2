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
 * node in rendezvous order (hinted handoff: the rebalancer takes it home later, and it counts as a
 * durable copy). A refusal that would be the same anywhere (the content does not match its name,
 * the token is refused) fails the put at once. When fewer than R nodes could take it, the put is
 * acknowledged or refused as {@link WriteQuorum} says.
 *
 * <p>Every copy's request is one blocking exchange on a pooled connection. Should sending every
 * copy's request before reading any answer ever pay (it spares the hand-off to another thread),
 * httpcore5's blocking connection API is the way, and this class the one place to change.
 */
final class ReplicatedPut {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedPut.class);

    private final NodeClient nodes;
    private final Executor copyThreads;
    private final WriteQuorum quorum;

    ReplicatedPut(NodeClient nodes, Executor copyThreads) {
        this.nodes = nodes;
        this.copyThreads = copyThreads;
        this.quorum = new WriteQuorum(nodes);
    }

    ArchiveClient.PutResult put(ClusterMap map, String checksum, ContentSource content, String cause) {
        Iterator<ClusterNode> candidates = map.placement().rankedActive(checksum).iterator();
        WriteQuorum.Copies copies = new WriteQuorum.Copies();
        for (List<ClusterNode> wave = take(candidates, map.replicas()); !wave.isEmpty() && !copies.refused(); ) {
            List<CompletableFuture<Boolean>> sent = send(wave, checksum, content, cause, copies);
            int failed = 0;
            for (int i = 0; i < wave.size(); i++) {
                try {
                    copies.stored(wave.get(i), sent.get(i).join());
                } catch (CompletionException e) {
                    ArchiveException failure = ArchiveClient.unwrap(e);
                    copies.failed(failure);
                    if (failure.retriable()) {
                        log.warn("copy of {} to {} failed, handing it to the next node: {}", checksum, wave.get(i).id(), failure.getMessage());
                    }
                    failed++;
                }
            }
            wave = take(candidates, failed);
        }
        return quorum.conclude(map, checksum, copies);
    }

    /** Each copy but the last on a thread of the pool; the last on this thread. */
    private List<CompletableFuture<Boolean>> send(List<ClusterNode> wave, String checksum, ContentSource content, String cause,
            WriteQuorum.Copies copies) {
        List<CompletableFuture<Boolean>> sent = new ArrayList<>();
        for (ClusterNode node : wave.subList(0, wave.size() - 1)) {
            sent.add(CompletableFuture.supplyAsync(() -> nodes.write(node, checksum, content, cause, copies.writeId()), copyThreads));
        }
        ClusterNode last = wave.getLast();
        try {
            sent.add(CompletableFuture.completedFuture(nodes.write(last, checksum, content, cause, copies.writeId())));
        } catch (RuntimeException e) {
            sent.add(CompletableFuture.failedFuture(e));
        }
        return sent;
    }

    private static List<ClusterNode> take(Iterator<ClusterNode> candidates, int count) {
        List<ClusterNode> taken = new ArrayList<>();
        while (taken.size() < count && candidates.hasNext()) {
            taken.add(candidates.next());
        }
        return taken;
    }
}
