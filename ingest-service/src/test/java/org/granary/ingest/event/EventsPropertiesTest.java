package org.granary.ingest.event;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.granary.platform.outbound.RetrySchedule;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventsPropertiesTest {
    @Test
    void defaultsLeaseAMinuteWaitThirtySecondsForAnAnswerAndKeepThirtyDays() {
        EventsProperties properties = bind(Map.of());

        assertThat(properties).isEqualTo(new EventsProperties(15, Duration.ofMinutes(5), Duration.ofMillis(500), Duration.ofMinutes(1),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 4, 64, Duration.ofDays(30), Duration.ofHours(1), List.of()));
        assertThat(properties.sendDeadline()).isEqualTo(Duration.ofSeconds(35));
        assertThat(properties.retrySchedule()).isEqualTo(new RetrySchedule(15, Duration.ofMinutes(5)));
    }

    @Test
    void mapsEveryKey() {
        EventsProperties properties = bind(Map.ofEntries(
                Map.entry("granary.ingest.events.max-attempts", "5"),
                Map.entry("granary.ingest.events.max-backoff", "1s"),
                Map.entry("granary.ingest.events.poll-interval", "200ms"),
                Map.entry("granary.ingest.events.lease", "90s"),
                Map.entry("granary.ingest.events.connect-timeout", "2s"),
                Map.entry("granary.ingest.events.response-timeout", "45s"),
                Map.entry("granary.ingest.events.max-in-flight-per-subscription", "2"),
                Map.entry("granary.ingest.events.max-in-flight", "16"),
                Map.entry("granary.ingest.events.retention", "7d"),
                Map.entry("granary.ingest.events.retention-interval", "10m"),
                Map.entry("granary.ingest.events.callback-allow-list", "127.0.0.1:8081,planner.internal")));

        assertThat(properties).isEqualTo(new EventsProperties(5, Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(90),
                Duration.ofSeconds(2), Duration.ofSeconds(45), 2, 16, Duration.ofDays(7), Duration.ofMinutes(10),
                List.of("127.0.0.1:8081", "planner.internal")));
    }

    @Test
    void refusesALeaseNoLongerThanASendMayTake() {
        assertThatThrownBy(() -> bind(Map.of("granary.ingest.events.lease", "35s"))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("granary.ingest.events.lease (PT35S) must be longer than connect-timeout plus response-timeout");
    }

    @Test
    void refusesAnAllowListEntryThatIsNotHostOrHostAndPort() {
        assertThatThrownBy(() -> bind(Map.of("granary.ingest.events.callback-allow-list", "planner:http"))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("'planner:http' is not host or host:port");
    }

    @Test
    void refusesAPerSubscriptionBoundAboveTheInstancesBound() {
        Map<String, String> values = new HashMap<>();
        values.put("granary.ingest.events.max-in-flight", "4");
        values.put("granary.ingest.events.max-in-flight-per-subscription", "8");

        assertThatThrownBy(() -> bind(values)).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("max-in-flight-per-subscription must be between 1 and max-in-flight (4), was 8");
    }

    private static EventsProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("granary.ingest.events", EventsProperties.class);
    }
}
