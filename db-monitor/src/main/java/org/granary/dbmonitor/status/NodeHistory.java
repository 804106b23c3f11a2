package org.granary.dbmonitor.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.granary.dbmonitor.poll.NodeSample;

/** What rates need of a node's past: its previous sample, and the deadlocks it counted lately. */
final class NodeHistory {
    private record Counted(Instant at, long deadlocks) {
    }

    private NodeSample previous;
    private final Deque<Counted> deadlocks = new ArrayDeque<>();

    NodeSample previous() {
        return previous;
    }

    void remember(NodeSample sample) {
        previous = sample;
    }

    /** Adds the deadlocks of a poll and returns how many fell within the window. */
    long deadlocksWithin(Instant at, long counted, Duration window) {
        if (counted > 0) {
            deadlocks.addLast(new Counted(at, counted));
        }
        while (!deadlocks.isEmpty() && deadlocks.getFirst().at().isBefore(at.minus(window))) {
            deadlocks.removeFirst();
        }
        return deadlocks.stream().mapToLong(Counted::deadlocks).sum();
    }
}
