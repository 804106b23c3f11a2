package org.granary.archive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchivePropertiesTest {
    private static final Map<String, String> REQUIRED = Map.of(
            "granary.archive.node-id", "archive-1",
            "granary.archive.node-url", "http://127.0.0.1:8090",
            "granary.archive.volumes[0].name", "v1",
            "granary.archive.volumes[0].path", "/srv/archive/v1");

    @Test
    void defaultsKeep64MibFreeAWeekOfGraceTwoReplicasWaitedForAndThrottledBackgroundWork() {
        ArchiveProperties properties = bind(REQUIRED);

        assertThat(properties.volumes()).containsExactly(new ArchiveProperties.VolumeConfig("v1", Path.of("/srv/archive/v1")));
        assertThat(properties.minimumFreeBytes()).isEqualTo(64L << 20);
        assertThat(properties.deleteGracePeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(properties.cluster()).isEqualTo(new ArchiveProperties.Cluster(List.of(), List.of(), 2, null, Duration.ofSeconds(2)));
        assertThat(properties.scrub()).isEqualTo(new ArchiveProperties.Scrub(true, 50L << 20, Duration.ofSeconds(10), Duration.ofMinutes(1)));
        assertThat(properties.rebalance()).isEqualTo(new ArchiveProperties.Rebalance(100L << 20));
    }

    @Test
    void mapsEveryKey() {
        ArchiveProperties properties = bind(Map.ofEntries(
                Map.entry("granary.archive.node-id", "archive-3"),
                Map.entry("granary.archive.node-url", "http://10.0.0.3:8090"),
                Map.entry("granary.archive.volumes[0].name", "disk-a"),
                Map.entry("granary.archive.volumes[0].path", "/srv/a"),
                Map.entry("granary.archive.volumes[1].name", "disk-b"),
                Map.entry("granary.archive.volumes[1].path", "/srv/b"),
                Map.entry("granary.archive.minimum-free-bytes", "1000"),
                Map.entry("granary.archive.delete-grace-period", "36h"),
                Map.entry("granary.archive.cluster.seed-nodes", "archive-1=http://10.0.0.1:8090,archive-3=http://10.0.0.3:8090"),
                Map.entry("granary.archive.cluster.seed-zones", "archive-1=rack-a,archive-3=rack-b"),
                Map.entry("granary.archive.cluster.replicas", "3"),
                Map.entry("granary.archive.cluster.write-quorum", "2"),
                Map.entry("granary.archive.cluster.gossip-interval", "500ms"),
                Map.entry("granary.archive.scrub.enabled", "false"),
                Map.entry("granary.archive.scrub.bytes-per-second", "2000"),
                Map.entry("granary.archive.scrub.interval", "1m"),
                Map.entry("granary.archive.scrub.presence-interval", "30s"),
                Map.entry("granary.archive.rebalance.bytes-per-second", "3000")));

        assertThat(properties).isEqualTo(new ArchiveProperties("archive-3", "http://10.0.0.3:8090",
                List.of(new ArchiveProperties.VolumeConfig("disk-a", Path.of("/srv/a")), new ArchiveProperties.VolumeConfig("disk-b", Path.of("/srv/b"))),
                1000, Duration.ofHours(36),
                new ArchiveProperties.Cluster(List.of("archive-1=http://10.0.0.1:8090", "archive-3=http://10.0.0.3:8090"),
                        List.of("archive-1=rack-a", "archive-3=rack-b"), 3, 2, Duration.ofMillis(500)),
                new ArchiveProperties.Scrub(false, 2000, Duration.ofMinutes(1), Duration.ofSeconds(30)),
                new ArchiveProperties.Rebalance(3000)));
    }

    @Test
    void environmentVariablesNameTheSameKeys() {
        Map<String, Object> environment = Map.of(
                "GRANARY_ARCHIVE_NODE_ID", "archive-2",
                "GRANARY_ARCHIVE_NODE_URL", "http://10.0.0.2:8091",
                "GRANARY_ARCHIVE_VOLUMES_0_NAME", "v1",
                "GRANARY_ARCHIVE_VOLUMES_0_PATH", "/srv/v1",
                "GRANARY_ARCHIVE_MINIMUM_FREE_BYTES", "4096",
                "GRANARY_ARCHIVE_CLUSTER_SEED_NODES", "archive-1=http://10.0.0.1:8090,archive-2=http://10.0.0.2:8091",
                "GRANARY_ARCHIVE_CLUSTER_SEED_ZONES", "archive-1=rack-a",
                "GRANARY_ARCHIVE_CLUSTER_WRITE_QUORUM", "1",
                "GRANARY_ARCHIVE_SCRUB_ENABLED", "false",
                "GRANARY_ARCHIVE_SCRUB_PRESENCE_INTERVAL", "5m");

        var source = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment);
        ArchiveProperties properties = new Binder(ConfigurationPropertySources.from(source)).bindOrCreate("granary.archive", ArchiveProperties.class);

        assertThat(properties.nodeId()).isEqualTo("archive-2");
        assertThat(properties.volumes()).containsExactly(new ArchiveProperties.VolumeConfig("v1", Path.of("/srv/v1")));
        assertThat(properties.minimumFreeBytes()).isEqualTo(4096);
        assertThat(properties.cluster().seedNodes()).containsExactly("archive-1=http://10.0.0.1:8090", "archive-2=http://10.0.0.2:8091");
        assertThat(properties.cluster().seedZones()).containsExactly("archive-1=rack-a");
        assertThat(properties.cluster().writeQuorum()).isEqualTo(1);
        assertThat(properties.scrub().enabled()).isFalse();
        assertThat(properties.scrub().presenceInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesWhatWouldStopANodeLater() {
        assertRefused(Map.of("granary.archive.node-id", "archive-1", "granary.archive.node-url", "http://x:8090"),
                "granary.archive.volumes is required");
        assertRefused(with("granary.archive.volumes[0].name", "Disk A"), "volume name must be lowercase letters, digits and dashes: Disk A");
        assertRefused(with("granary.archive.minimum-free-bytes", "-1"), "granary.archive.minimum-free-bytes must not be negative, was -1");
        assertRefused(with("granary.archive.delete-grace-period", "-1d"), "granary.archive.delete-grace-period must not be negative, was PT-24H");
        assertRefused(with("granary.archive.cluster.replicas", "0"), "granary.archive.cluster.replicas must be positive, was 0");
        assertRefused(with("granary.archive.cluster.write-quorum", "3"), "granary.archive.cluster.write-quorum must be between 1 and replicas (2), was 3");
        assertRefused(with("granary.archive.cluster.write-quorum", "0"), "granary.archive.cluster.write-quorum must be between 1 and replicas (2), was 0");
        assertRefused(with("granary.archive.cluster.seed-zones", "rack-a"), "granary.archive.cluster.seed-zones entries look like archive-1=rack-a, not rack-a");
        assertRefused(with("granary.archive.cluster.gossip-interval", "0s"), "granary.archive.cluster.gossip-interval must be positive, was PT0S");
        assertRefused(with("granary.archive.scrub.bytes-per-second", "0"), "granary.archive.scrub.bytes-per-second must be positive, was 0");
        assertRefused(with("granary.archive.scrub.interval", "0s"), "granary.archive.scrub.interval must be positive, was PT0S");
        assertRefused(with("granary.archive.scrub.presence-interval", "-1m"),
                "granary.archive.scrub.presence-interval must be positive, was PT-1M");
        assertRefused(with("granary.archive.rebalance.bytes-per-second", "-5"), "granary.archive.rebalance.bytes-per-second must be positive, was -5");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> values = new HashMap<>(REQUIRED);
        values.put(key, value);
        return values;
    }

    private static void assertRefused(Map<String, String> values, String message) {
        assertThatThrownBy(() -> bind(values)).as(message).isInstanceOf(BindException.class).rootCause().hasMessage(message);
    }

    private static ArchiveProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("granary.archive", ArchiveProperties.class);
    }
}
