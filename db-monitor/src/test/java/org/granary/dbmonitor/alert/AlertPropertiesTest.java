package org.granary.dbmonitor.alert;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertPropertiesTest {
    @Test
    void defaults() {
        AlertProperties properties = bind(Map.of());
        assertThat(properties).isEqualTo(new AlertProperties(List.of(), Duration.ofSeconds(5), Duration.ofSeconds(10), 24, Duration.ofMinutes(5),
                Duration.ofSeconds(1), 8));
        assertThat(properties.sendDeadline()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void everyKeyIsRead() {
        assertThat(bind(Map.of(
                "granary.db-monitor.alerts.webhook-allow-list", "127.0.0.1,chat.internal:8080",
                "granary.db-monitor.alerts.connect-timeout", "1s",
                "granary.db-monitor.alerts.response-timeout", "2s",
                "granary.db-monitor.alerts.max-attempts", "3",
                "granary.db-monitor.alerts.max-backoff", "30s",
                "granary.db-monitor.alerts.send-interval", "200ms",
                "granary.db-monitor.alerts.max-in-flight", "2")))
                .isEqualTo(new AlertProperties(List.of("127.0.0.1", "chat.internal:8080"), Duration.ofSeconds(1), Duration.ofSeconds(2), 3,
                        Duration.ofSeconds(30), Duration.ofMillis(200), 2));
    }

    @Test
    void refusesAMalformedAllowListEntryAndNonsense() {
        assertThatThrownBy(() -> bind(Map.of("granary.db-monitor.alerts.webhook-allow-list", "chat:http"))).isInstanceOf(BindException.class)
                .hasStackTraceContaining("'chat:http' is not host or host:port");
        assertThatThrownBy(() -> bind(Map.of("granary.db-monitor.alerts.max-attempts", "0"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("granary.db-monitor.alerts.send-interval", "0s"))).isInstanceOf(BindException.class);
    }

    private static AlertProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("granary.db-monitor.alerts", AlertProperties.class);
    }
}
