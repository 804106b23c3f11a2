package org.granary.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestPropertiesTest {
    private static final Map<String, String> REQUIRED = Map.of(
            "granary.ingest.spool-directory", "/var/lib/granary/spool",
            "granary.ingest.archive-nodes", "http://archive1:8090");

    @Test
    void defaultsAreATebibyteLimitTheOmiOrbitAndInMemorySmallPushes() {
        IngestProperties properties = bind(REQUIRED);

        assertThat(properties.maxFileBytes()).isEqualTo(1L << 40);
        assertThat(properties.esdtCatalog()).isEmpty();
        assertThat(properties.streamThresholdBytes()).isEqualTo(8L << 20);
        assertThat(properties.memoryThresholdBytes()).isEqualTo(1L << 20);
        assertThat(properties.orbitPeriod()).isEqualTo(Duration.ofMinutes(98).plusSeconds(53));
    }

    @Test
    void mapsEveryKey() {
        IngestProperties properties = bind(Map.of(
                "granary.ingest.spool-directory", "/var/lib/granary/spool",
                "granary.ingest.archive-nodes", "http://archive1:8090,http://archive2:8090",
                "granary.ingest.max-file-bytes", "1000",
                "granary.ingest.esdt-catalog", "file:/etc/granary/esdts.json",
                "granary.ingest.stream-threshold-bytes", "2000",
                "granary.ingest.memory-threshold-bytes", "3000",
                "granary.ingest.orbit-period", "100m"));

        assertThat(properties).isEqualTo(new IngestProperties(Path.of("/var/lib/granary/spool"),
                List.of("http://archive1:8090", "http://archive2:8090"), 1000, "file:/etc/granary/esdts.json", 2000, 3000,
                Duration.ofMinutes(100)));
    }

    @Test
    void refusesAnOrbitPeriodThatIsNotPositive() {
        var values = new java.util.HashMap<>(REQUIRED);
        values.put("granary.ingest.orbit-period", "0s");

        assertThatThrownBy(() -> bind(values)).isInstanceOf(BindException.class)
                .rootCause().hasMessage("granary.ingest.orbit-period must be positive, was PT0S");
    }

    private static IngestProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("granary.ingest", IngestProperties.class);
    }
}
