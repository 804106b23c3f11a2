package org.granary.dbmonitor.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;
import org.granary.dbmonitor.cluster.NodeDefinition;
import org.granary.dbmonitor.cluster.NodeRole;
import org.granary.dbmonitor.poll.NodeSample;
import org.granary.dbmonitor.poll.NodeSample.Session;
import org.granary.dbmonitor.poll.Observation;

/** Derives a node's status from its observation, its history and its cluster's primary. */
final class NodeFigures {
    private NodeFigures() {
    }

    static NodeStatus unreachable(NodeDefinition node, Observation observation) {
        return new NodeStatus(node.name(), node.role(), null, observation.failure(), observation.at(), observation.took().toMillis(),
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                List.of(), List.of(), List.of(), null, List.of(), List.of());
    }

    static NodeStatus derive(NodeDefinition node, Observation observation, NodeHistory history, NodeSample primary, Heartbeats heartbeats,
            Duration deadlockWindow) {
        NodeSample sample = observation.sample();
        NodeSample previous = history.previous();
        double seconds = previous == null ? 0 : sample.serverTime() - previous.serverTime();
        long newDeadlocks = previous == null ? 0 : increase(sample, previous, NodeSample.DatabaseStats::deadlocks);
        long inWindow = history.deadlocksWithin(observation.at(), newDeadlocks, deadlockWindow);
        history.remember(sample);
        List<Session> sessions = sample.sessions();
        boolean standby = sample.recovery();
        return new NodeStatus(node.name(), node.role(), standby ? NodeRole.STANDBY : NodeRole.PRIMARY, null, observation.at(),
                observation.took().toMillis(),
                standby ? behind(primary, sample.replayedLsn()) : null,
                standby ? behind(primary, sample.receivedLsn()) : null,
                standby ? lagSeconds(sample, observation, primary, heartbeats) : null,
                sample.replayPaused(), sample.receiver() == null ? null : sample.receiver().status(),
                sample.connections(), sample.maxConnections(),
                rate(sample, previous, seconds, NodeSample.DatabaseStats::commits),
                rate(sample, previous, seconds, NodeSample.DatabaseStats::rollbacks),
                newDeadlocks, inWindow,
                (int) sessions.stream().filter(session -> !session.blockedBy().isEmpty()).count(),
                max(sessions.stream().filter(session -> !session.blockedBy().isEmpty()).map(Session::lockWaitSeconds).toList()),
                max(sessions.stream().map(Session::transactionSeconds).toList()),
                (int) sessions.stream().filter(NodeFigures::idleInTransaction).count(),
                max(sessions.stream().filter(NodeFigures::idleInTransaction).map(Session::stateSeconds).toList()),
                sample.databases().stream().mapToLong(NodeSample.DatabaseStats::xidAge).max().orElse(0),
                sample.sizes() == null ? null : sample.sizes().totalBytes(),
                sample.sizes() == null ? List.of() : sample.sizes().tables(), sample.replication(), sample.slots(), sample.archiver(), sessions, observation.deadlocks());
    }

    private static boolean idleInTransaction(Session session) {
        return session.state() != null && session.state().startsWith("idle in transaction");
    }

    /** Bytes a standby's position is behind its primary's current one; null without the primary's. */
    private static Long behind(NodeSample primary, Long position) {
        if (primary == null || primary.currentLsn() == null || position == null) {
            return null;
        }
        return Math.max(0, primary.currentLsn() - position);
    }

    /**
     * A standby's lag in time: nothing when it has replayed all its primary had; otherwise at
     * least the time since the first heartbeat it has not replayed (which stays true on an idle
     * primary); without a heartbeat, the time since the last transaction it replayed.
     */
    private static Double lagSeconds(NodeSample standby, Observation observation, NodeSample primary, Heartbeats heartbeats) {
        Long bytes = behind(primary, standby.replayedLsn());
        if (bytes != null && bytes == 0) {
            return 0.0;
        }
        Instant now = observation.at().plus(observation.took());
        if (observation.heartbeat() != null) {
            Duration lag = heartbeats.lagAtLeast(observation.heartbeat(), now).orElse(null);
            if (lag != null) {
                return lag.toMillis() / 1000.0;
            }
        }
        if (standby.lastReplayTime() == null) {
            return null;
        }
        return Math.max(0, standby.serverTime() - standby.lastReplayTime());
    }

    private static Double rate(NodeSample sample, NodeSample previous, double seconds, ToLongFunction<NodeSample.DatabaseStats> counter) {
        if (previous == null || seconds <= 0) {
            return null;
        }
        return increase(sample, previous, counter) / seconds;
    }

    /** How much a counter grew; a counter that went down was reset, and counts from zero. */
    private static long increase(NodeSample sample, NodeSample previous, ToLongFunction<NodeSample.DatabaseStats> counter) {
        long now = sample.total(counter);
        long before = previous.total(counter);
        return now >= before ? now - before : now;
    }

    private static Double max(List<Double> values) {
        return values.stream().filter(Objects::nonNull).max(Double::compare).orElse(null);
    }
}
