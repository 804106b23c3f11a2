package org.granary.dbmonitor.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.granary.dbmonitor.MonitorProperties;
import org.granary.dbmonitor.cluster.ClusterDefinition;
import org.granary.dbmonitor.cluster.Clusters;
import org.granary.dbmonitor.cluster.NodeDefinition;
import org.granary.dbmonitor.poll.NodeSample;
import org.granary.dbmonitor.poll.Observation;
import org.granary.dbmonitor.poll.PollListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each round of a cluster into its status (kept for the API, the dashboard and the alerts)
 * and hands the figures on to whoever records them.
 */
public final class Assessor implements PollListener {
    private static final Logger LOG = LoggerFactory.getLogger(Assessor.class);

    /** Takes a cluster's new status: stores its figures, evaluates alert rules, ... */
    public interface StatusListener {
        void assessed(ClusterDefinition cluster, ClusterStatus status);
    }

    private final Clusters clusters;
    private final MonitorProperties properties;
    private final List<StatusListener> listeners;
    private final Map<String, ClusterStatus> latest = new ConcurrentHashMap<>();
    private final Map<String, NodeHistory> histories = new ConcurrentHashMap<>();
    private final Map<String, Heartbeats> heartbeats = new ConcurrentHashMap<>();

    public Assessor(Clusters clusters, MonitorProperties properties, List<StatusListener> listeners) {
        this.clusters = clusters;
        this.properties = properties;
        this.listeners = List.copyOf(listeners);
    }

    public Thresholds thresholds(ClusterDefinition cluster) {
        return Thresholds.defaults(cluster.stage()).with(properties.thresholds().get(cluster.stage().wireName()));
    }

    @Override
    public void polled(ClusterDefinition cluster, List<Observation> observations) {
        Thresholds limits = thresholds(cluster);
        Heartbeats written = heartbeats.computeIfAbsent(cluster.name(), name -> new Heartbeats());
        NodeSample primary = observations.stream().filter(Observation::reachable).map(Observation::sample)
                .filter(sample -> !sample.recovery()).findFirst().orElse(null);
        observations.stream().filter(o -> o.reachable() && !o.sample().recovery() && o.heartbeat() != null)
                .forEach(o -> written.wrote(o.heartbeat(), o.at().plus(o.took())));
        List<NodeStatus> nodes = new ArrayList<>();
        for (int i = 0; i < observations.size(); i++) {
            NodeDefinition node = cluster.nodes().get(i);
            Observation observation = observations.get(i);
            NodeHistory history = histories.computeIfAbsent(cluster.name() + "/" + node.name(), key -> new NodeHistory());
            nodes.add(observation.reachable()
                    ? NodeFigures.derive(node, observation, history, primary, written, limits.deadlockWindow())
                    : NodeFigures.unreachable(node, observation));
        }
        List<Reason> reasons = WeatherRules.assess(nodes, limits);
        Instant round = observations.stream().map(Observation::at).min(Instant::compareTo).orElse(Instant.now());
        ClusterStatus status = new ClusterStatus(cluster.name(), cluster.stage(), WeatherRules.weather(nodes, reasons), reasons, round, nodes);
        if (clusters.find(cluster.name()).isEmpty()) {
            return; // removed while it was polled
        }
        latest.put(cluster.name(), status);
        for (StatusListener listener : listeners) {
            try {
                listener.assessed(cluster, status);
            } catch (RuntimeException e) {
                LOG.error("cluster {}: {} failed to take its status in", cluster.name(), listener.getClass().getSimpleName(), e); // the others still do
            }
        }
    }

    /** Every watched cluster's status, in the order of the clusters file; unknown until first polled. */
    public List<ClusterStatus> all() {
        latest.keySet().removeIf(name -> clusters.find(name).isEmpty());
        return clusters.all().stream().map(this::statusOf).toList();
    }

    public Optional<ClusterStatus> find(String name) {
        return clusters.find(name).map(this::statusOf);
    }

    private ClusterStatus statusOf(ClusterDefinition cluster) {
        ClusterStatus status = latest.get(cluster.name());
        return status != null ? status
                : new ClusterStatus(cluster.name(), cluster.stage(), Weather.UNKNOWN, List.of(new Reason(Weather.UNKNOWN, null, "not polled yet")),
                        null, List.of());
    }
}
