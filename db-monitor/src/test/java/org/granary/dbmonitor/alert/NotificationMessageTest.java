package org.granary.dbmonitor.alert;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationMessageTest {
    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");
    private static final AlertRule LAG = new AlertRule(7, "standby lag", "lag_seconds", Comparison.ABOVE, 30, Duration.ofMinutes(1),
            Severity.CRITICAL, "ops", List.of(new Webhook(URI.create("https://hooks.example/s3cret"))), STARTED, "night-shift");

    @Test
    void saysInItsTextWhatFiresWhereAndCarriesTheFactsAsFields() {
        AlertRepository.Row alert = new AlertRepository.Row(12, 7, "ops", "ops-2", Alert.FIRING, 45.25, STARTED, STARTED.plusSeconds(60), null,
                null, false);
        JsonNode message = JsonMapper.builder().build().readTree(NotificationMessage.of(LAG, alert, Alert.FIRING, 45.25, null));
        assertThat(message.get("text").asString()).isEqualTo(
                "FIRING critical: standby lag on ops/ops-2: lag_seconds is 45.25 (above 30 for 1m, since 2026-03-01T10:00:00Z)");
        assertThat(message.get("rule").asString()).isEqualTo("standby lag");
        assertThat(message.get("alertId").asLong()).isEqualTo(12);
        assertThat(message.get("node").asString()).isEqualTo("ops-2");
        assertThat(message.get("state").asString()).isEqualTo("firing");
        assertThat(message.get("value").asDouble()).isEqualTo(45.25);
        assertThat(message.get("threshold").asDouble()).isEqualTo(30);
        assertThat(message.get("startedAt").asString()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(message.toString()).doesNotContain("s3cret");
    }

    @Test
    void aResolutionSaysWhyAndAWeatherRuleSpeaksOfWeather() {
        AlertRule stormy = new AlertRule(8, "stormy ops", "weather", Comparison.ABOVE, 2, Duration.ZERO, Severity.WARNING, null, List.of(),
                STARTED, "night-shift");
        AlertRepository.Row alert = new AlertRepository.Row(13, 8, "ops", null, Alert.RESOLVED, 3, STARTED, STARTED, STARTED.plusSeconds(600),
                null, true);
        assertThat(NotificationMessage.text(stormy, alert, Alert.RESOLVED, 1, null))
                .isEqualTo("RESOLVED warning: stormy ops on ops: weather is unknown (no longer above cloudy; fired at 2026-03-01T10:00:00Z)");
        assertThat(NotificationMessage.text(stormy, alert, Alert.RESOLVED, 3, "the rule was deleted"))
                .isEqualTo("RESOLVED warning: stormy ops on ops: weather is stormy (the rule was deleted; fired at 2026-03-01T10:00:00Z)");
    }
}
