package org.granary.metadatasync.reconcile;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilePropertiesTest {
    @Test
    void defaultsToANightlyRunOf64RangesCutToAThousandRows() {
        ReconcileProperties properties = bind(Map.of());
        assertThat(properties.reconcileCron()).isEqualTo("0 0 2 * * ?");
        assertThat(properties.scheduled()).isTrue();
        assertThat(properties.reconcileInitialRanges()).isEqualTo(64);
        assertThat(properties.reconcileLeafRows()).isEqualTo(1000);
        assertThat(properties.reconcileRecheckWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.reconcileSettle()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void mapsEveryKey() {
        ReconcileProperties properties = bind(Map.of("granary.sync.reconcile-cron", "-", "granary.sync.reconcile-initial-ranges", "8",
                "granary.sync.reconcile-leaf-rows", "50", "granary.sync.reconcile-recheck-wait", "5s", "granary.sync.reconcile-settle", "1s"));
        assertThat(properties).isEqualTo(new ReconcileProperties("-", 8, 50, Duration.ofSeconds(5), Duration.ofSeconds(1)));
        assertThat(properties.scheduled()).isFalse();
    }

    private static ReconcileProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("granary.sync", ReconcileProperties.class);
    }
}
