package org.granary.dbmonitor.status;

import java.time.Instant;
import java.util.List;
import org.granary.dbmonitor.cluster.NodeRole;
import org.granary.dbmonitor.cluster.Stage;
import org.granary.dbmonitor.poll.NodeSample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WeatherRulesTest {
    private static final Thresholds OPERATIONS = Thresholds.defaults(Stage.OPERATIONS);

    @Test
    void aHealthyClusterIsFair() {
        List<NodeStatus> nodes = List.of(primary(10L, 100), standby(0L, 0.0));
        assertThat(WeatherRules.assess(nodes, OPERATIONS)).isEmpty();
        assertThat(WeatherRules.weather(nodes, List.of())).isEqualTo(Weather.FAIR);
    }

    @Test
    void lagAndConnectionsTurnItCloudyThenStormyWithTheirReasons() {
        List<Reason> cloudy = WeatherRules.assess(List.of(primary(85L, 100), standby(70L << 20, 45.0)), OPERATIONS);
        assertThat(cloudy).extracting(Reason::text).containsExactlyInAnyOrder("ops-1 uses 85 of 100 connections",
                "standby ops-2 is 45 s behind (70.0 MiB of WAL not replayed)");
        assertThat(WeatherRules.weather(List.of(), cloudy)).isEqualTo(Weather.CLOUDY);
        List<Reason> stormy = WeatherRules.assess(List.of(primary(99L, 100), standby(0L, 400.0)), OPERATIONS);
        assertThat(stormy).allMatch(reason -> reason.weather() == Weather.STORMY);
        // development allows four times as much lag
        assertThat(WeatherRules.assess(List.of(standby(0L, 100.0)), Thresholds.defaults(Stage.DEVELOPMENT))).isEmpty();
    }

    @Test
    void noAnswerFromAnyNodeIsStormyAndNeverFair() {
        NodeStatus down = new NodeStatus("ops-1", NodeRole.PRIMARY, null, "Connection refused", Instant.EPOCH, 3, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, List.of(), List.of(), List.of(), null,
                List.of(), List.of());
        List<Reason> reasons = WeatherRules.assess(List.of(down), OPERATIONS);
        assertThat(reasons).extracting(Reason::text).containsExactly("primary ops-1 does not answer: Connection refused");
        assertThat(WeatherRules.weather(List.of(down), reasons)).isEqualTo(Weather.STORMY);
    }

    private static NodeStatus primary(Long connections, int max) {
        return node("ops-1", NodeRole.PRIMARY, null, null, null, connections, max);
    }

    private static NodeStatus standby(Long lagBytes, Double lagSeconds) {
        return node("ops-2", NodeRole.STANDBY, lagBytes, lagSeconds, "streaming", 3L, 100);
    }

    private static NodeStatus node(String name, NodeRole role, Long lagBytes, Double lagSeconds, String receiver, Long connections, int max) {
        return new NodeStatus(name, role, role, null, Instant.EPOCH, 3, lagBytes, lagBytes, lagSeconds, role == NodeRole.STANDBY ? false : null,
                receiver, connections, max, 10.0, 0.0, 0L, 0L, 0, null, 0.5, 0, null, 1000L, 1L << 30, List.of(), List.of(), List.of(),
                new NodeSample.Archiver("off", 0, 0, null, null, null, null), List.of(), List.of());
    }
}
