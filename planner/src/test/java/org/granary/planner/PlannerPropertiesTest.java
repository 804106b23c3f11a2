package org.granary.planner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlannerPropertiesTest {
    private static final Map<String, String> REQUIRED = Map.of("granary.planner.home", "/var/lib/granary/planner");

    @Test
    void defaultsAreTwoLocalWorkersAuraOrbitsAndThirtySecondLeases() {
        PlannerProperties properties = bind(REQUIRED);

        assertThat(properties.ingestUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(properties.callbackUrl()).isEmpty();
        assertThat(properties.executor()).isEqualTo("local");
        assertThat(properties.workers()).isEqualTo(2);
        assertThat(properties.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(properties.sweepInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.retryBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.maxRetryBackoff()).isEqualTo(Duration.ofMinutes(30));
        assertThat(properties.keepWorkDirectories()).isFalse();
        assertThat(properties.orbitNumber()).isEqualTo(1132);
        assertThat(properties.orbitStart()).isEqualTo(Instant.parse("2004-10-01T00:03:00Z"));
        assertThat(properties.orbitPeriod()).isEqualTo(Duration.ofMinutes(98).plusSeconds(53));
        assertThat(properties.slurm()).isEqualTo(new PlannerProperties.Slurm("", "", "", Duration.ofSeconds(30)));
        assertThat(properties.workDirectory()).isEqualTo(Path.of("/var/lib/granary/planner/work"));
        assertThat(properties.logDirectory()).isEqualTo(Path.of("/var/lib/granary/planner/logs"));
    }

    @Test
    void mapsEveryKey() {
        Map<String, String> values = new HashMap<>();
        values.put("granary.planner.ingest-url", "http://ingest:8080");
        values.put("granary.planner.callback-url", "http://planner-1:8081/events/ingest");
        values.put("granary.planner.home", "/srv/planner");
        values.put("granary.planner.executor", "slurm");
        values.put("granary.planner.workers", "64");
        values.put("granary.planner.lease", "1m");
        values.put("granary.planner.poll-interval", "2s");
        values.put("granary.planner.sweep-interval", "10s");
        values.put("granary.planner.retry-backoff", "1m");
        values.put("granary.planner.max-retry-backoff", "2h");
        values.put("granary.planner.keep-work-directories", "true");
        values.put("granary.planner.orbit-reference", "1@2004-07-15T00:00:00Z");
        values.put("granary.planner.orbit-period", "100m");
        values.put("granary.planner.slurm.commands", "/opt/slurm/bin");
        values.put("granary.planner.slurm.configuration", "/etc/slurm-omi/slurm.conf");
        values.put("granary.planner.slurm.partition", "reprocessing");
        values.put("granary.planner.slurm.command-timeout", "45s");

        assertThat(bind(values)).isEqualTo(new PlannerProperties("http://ingest:8080", "http://planner-1:8081/events/ingest", Path.of("/srv/planner"),
                "slurm", 64, Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(2), true,
                "1@2004-07-15T00:00:00Z", Duration.ofMinutes(100),
                new PlannerProperties.Slurm("/opt/slurm/bin", "/etc/slurm-omi/slurm.conf", "reprocessing", Duration.ofSeconds(45))));
    }

    @Test
    void refusesAnUnknownExecutorABadOrbitReferenceAndAShortLease() {
        for (Map.Entry<String, String> wrong : Map.of("granary.planner.executor", "kubernetes", "granary.planner.orbit-reference", "1132",
                "granary.planner.lease", "1s", "granary.planner.workers", "0").entrySet()) {
            Map<String, String> values = new HashMap<>(REQUIRED);
            values.put(wrong.getKey(), wrong.getValue());
            assertThatThrownBy(() -> bind(values)).as(wrong.getKey()).isInstanceOf(BindException.class)
                    .rootCause().hasMessageContaining(wrong.getKey());
        }
    }

    private static PlannerProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bind("granary.planner", PlannerProperties.class).get();
    }
}
