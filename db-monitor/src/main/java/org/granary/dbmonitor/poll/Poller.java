package org.granary.dbmonitor.poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.granary.dbmonitor.MonitorProperties;
import org.granary.dbmonitor.cluster.ClusterDefinition;
import org.granary.dbmonitor.cluster.Clusters;
import org.granary.dbmonitor.cluster.NodeDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Polls every node of every cluster each interval. Each node is polled on a virtual thread of its
 * own with its own time limit, so a node that is down, slow or stuck is a finding about that node
 * and delays nobody else; a node whose previous poll has not ended is not polled twice. When every
 * node of a cluster has answered or run out of time, the cluster's observations go to the
 * {@link PollListener}.
 */
public final class Poller implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    static final String POLL_SQL = resource("poll.sql");

    /** How often sizes are read: growth is a matter of hours and days, and reading them is most of a poll's cost. */
    static final Duration SIZES_EVERY = Duration.ofMinutes(1);

    /** A node's connection, whether a poll of it is under way, and the sizes it read last. */
    private static final class NodeState {
        final NodeDefinition definition;
        final NodeConnection connection;
        final AtomicBoolean busy = new AtomicBoolean();
        volatile NodeSample.Sizes sizes;
        volatile long sizesReadAt;

        NodeState(NodeDefinition definition, NodeConnection connection) {
            this.definition = definition;
            this.connection = connection;
        }

        NodeDefinition definition() {
            return definition;
        }

        NodeConnection connection() {
            return connection;
        }

        AtomicBoolean busy() {
            return busy;
        }

        boolean sizesDue() {
            return sizes == null || System.nanoTime() - sizesReadAt >= SIZES_EVERY.toNanos();
        }

        NodeSample withSizes(NodeSample sample) {
            if (sample.sizes() != null) {
                sizes = sample.sizes();
                sizesReadAt = System.nanoTime();
            }
            return sample.withSizes(sizes);
        }
    }

    private final Clusters clusters;
    private final MonitorProperties properties;
    private final PollListener listener;
    private final Map<String, String> environment;
    private final Map<String, NodeState> nodes = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService ticker;
    private volatile ExecutorService polls;
    private volatile java.util.concurrent.ScheduledFuture<?> rounds;

    public Poller(Clusters clusters, MonitorProperties properties, PollListener listener, Map<String, String> environment) {
        this.clusters = clusters;
        this.properties = properties;
        this.listener = listener;
        this.environment = environment;
    }

    @Override
    public void start() {
        polls = Executors.newVirtualThreadPerTaskExecutor();
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("db-monitor-poll").daemon().factory());
        rounds = ticker.scheduleAtFixedRate(this::round, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping = ticker;
        ticker = null;
        if (stopping == null) {
            return;
        }
        rounds.cancel(false);
        stopping.shutdownNow();
        polls.shutdownNow();
        try {
            if (!polls.awaitTermination(properties.pollTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                LOG.warn("polls still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        nodes.values().forEach(state -> state.connection().close());
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }

    /** One round: the clusters file looked at, then every cluster polled at once. */
    void round() {
        try {
            clusters.reloadIfChanged();
            List<ClusterDefinition> watched = clusters.all();
            forgetRemoved(watched);
            for (ClusterDefinition cluster : watched) {
                ScheduledExecutorService scheduler = ticker;
                if (scheduler != null) {
                    ScheduledFuture<?> ignored = scheduler.schedule(() -> polls.execute(() -> pollCluster(cluster)),
                            phaseOf(cluster).toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("a poll round failed", e); // the next round tries again
        }
    }

    /**
     * When in each interval a cluster is polled: a fixed share of the first four fifths of the
     * interval, from its name. Polls of many clusters spread over the interval instead of all
     * reaching their servers (often the same few) in the same instant; each cluster still keeps
     * its rhythm, and its nodes are polled together (their lag is measured in the same moment).
     */
    Duration phaseOf(ClusterDefinition cluster) {
        long share = Math.floorMod(cluster.name().hashCode() * 0x9E3779B9L, 1000L);
        return properties.pollInterval().multipliedBy(4).dividedBy(5).multipliedBy(share).dividedBy(1000);
    }

    private void pollCluster(ClusterDefinition cluster) {
        Instant began = Instant.now();
        List<Future<Observation>> polling = new ArrayList<>();
        for (NodeDefinition node : cluster.nodes()) {
            polling.add(polls.submit(() -> pollNode(cluster, node)));
        }
        long deadline = System.nanoTime() + properties.pollTimeout().plusSeconds(1).toNanos();
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < polling.size(); i++) {
            observations.add(await(polling.get(i), deadline, cluster, cluster.nodes().get(i), began));
        }
        try {
            listener.polled(cluster, observations);
        } catch (RuntimeException e) {
            LOG.error("cluster {}: its observations could not be taken in", cluster.name(), e);
        }
    }

    private Observation await(Future<Observation> poll, long deadline, ClusterDefinition cluster, NodeDefinition node, Instant began) {
        try {
            return poll.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Observation.failed(cluster.name(), node.name(), began, Duration.between(began, Instant.now()),
                    "no answer within " + properties.pollTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            return Observation.failed(cluster.name(), node.name(), began, Duration.between(began, Instant.now()),
                    "the poll failed in db-monitor: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Observation.failed(cluster.name(), node.name(), began, Duration.ZERO, "db-monitor is stopping");
        }
    }

    private Observation pollNode(ClusterDefinition cluster, NodeDefinition node) {
        NodeState state = stateOf(cluster, node);
        Instant began = Instant.now();
        long start = System.nanoTime();
        if (!state.busy().compareAndSet(false, true)) {
            return Observation.failed(cluster.name(), node.name(), began, Duration.ZERO, "its previous poll has not ended");
        }
        try {
            NodeSample sample = state.withSizes(JSON.readValue(state.connection().poll(POLL_SQL, state.sizesDue()), NodeSample.class));
            Double heartbeat = heartbeat(state.connection(), sample, properties.heartbeatKey() + "/" + cluster.name()).orElse(null);
            List<String> deadlocks = state.connection().newDeadlocks(sample.total(NodeSample.DatabaseStats::deadlocks));
            return Observation.read(cluster.name(), node.name(), began, Duration.ofNanos(System.nanoTime() - start), sample, heartbeat, deadlocks);
        } catch (SQLException e) {
            return Observation.failed(cluster.name(), node.name(), began, Duration.ofNanos(System.nanoTime() - start), describe(e));
        } catch (NodeConnection.PollRefused e) {
            return Observation.failed(cluster.name(), node.name(), began, Duration.ZERO, e.getMessage());
        } finally {
            state.busy().set(false);
        }
    }

    /** A primary is written its heartbeat; a standby is asked which one it has replayed. */
    private static Optional<Double> heartbeat(NodeConnection connection, NodeSample sample, String key)
            throws SQLException, NodeConnection.PollRefused {
        return sample.recovery() ? connection.readHeartbeat(key) : connection.writeHeartbeat(key);
    }

    private NodeState stateOf(ClusterDefinition cluster, NodeDefinition node) {
        return nodes.compute(cluster.name() + "/" + node.name(), (key, existing) -> {
            if (existing != null && existing.definition().equals(node)) {
                return existing;
            }
            if (existing != null) {
                existing.connection().close(); // the node was edited: connect as it says now
            }
            return new NodeState(node, new NodeConnection(node, properties.pollTimeout(), environment));
        });
    }

    private void forgetRemoved(List<ClusterDefinition> watched) {
        List<String> keys = watched.stream().flatMap(cluster -> cluster.nodes().stream().map(node -> cluster.name() + "/" + node.name())).toList();
        nodes.entrySet().removeIf(entry -> {
            if (keys.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().connection().close();
            return true;
        });
    }

    /** What went wrong, in words, with PostgreSQL's own message; never the connection's settings. */
    static String describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")";
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return message + state;
    }

    private static String resource(String name) {
        try (InputStream in = Poller.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
