package org.granary.dbmonitor.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.granary.dbmonitor.cluster.ClusterDefinition;

/**
 * Every node's last figures as gauges ({@code granary_dbmonitor_<metric>{cluster, node}} at
 * {@code /actuator/prometheus}), and each cluster's weather ({@code granary_dbmonitor_weather}:
 * 0 fair, 1 unknown, 2 cloudy, 3 stormy).
 */
public final class MeterExport implements Assessor.StatusListener {
    private final MeterRegistry registry;
    private final Map<String, Map<List<String>, Double>> values = new ConcurrentHashMap<>();
    private final Map<String, MultiGauge> gauges = new ConcurrentHashMap<>();

    public MeterExport(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public synchronized void assessed(ClusterDefinition cluster, ClusterStatus status) {
        values.keySet().forEach(metric -> values.get(metric).keySet().removeIf(key -> key.get(0).equals(cluster.name())));
        for (NodeStatus node : status.nodes()) {
            node.metrics().forEach((metric, value) -> values.computeIfAbsent(metric, name -> new ConcurrentHashMap<>())
                    .put(List.of(cluster.name(), node.name()), value));
        }
        values.computeIfAbsent("weather", name -> new ConcurrentHashMap<>()).put(List.of(cluster.name(), ""), gaugeValue(status.weather()));
        values.forEach(this::publish);
    }

    private static double gaugeValue(Weather weather) {
        return switch (weather) {
            case FAIR -> 0;
            case UNKNOWN -> 1;
            case CLOUDY -> 2;
            case STORMY -> 3;
        };
    }

    private void publish(String metric, Map<List<String>, Double> byNode) {
        MultiGauge gauge = gauges.computeIfAbsent(metric, name -> MultiGauge.builder("granary.dbmonitor." + name)
                .description("db-monitor: " + name.replace('_', ' ')).register(registry));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byNode.forEach((key, value) -> rows.add(MultiGauge.Row.of(key.get(1).isEmpty() ? Tags.of("cluster", key.get(0))
                : Tags.of("cluster", key.get(0), "node", key.get(1)), value)));
        gauge.register(rows, true);
    }
}
