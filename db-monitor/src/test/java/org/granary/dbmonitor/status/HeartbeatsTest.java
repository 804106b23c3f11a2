package org.granary.dbmonitor.status;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aStandbyIsBehindAtLeastSinceTheFirstHeartbeatItHasNotReplayed() {
        Heartbeats heartbeats = new Heartbeats();
        assertThat(heartbeats.lagAtLeast(100, T0)).isEmpty();
        heartbeats.wrote(100, T0);
        heartbeats.wrote(110, T0.plusSeconds(10));
        heartbeats.wrote(120, T0.plusSeconds(20));
        assertThat(heartbeats.lagAtLeast(120, T0.plusSeconds(21))).hasValue(Duration.ZERO);
        // replayed 110, not 120 (written at +20 s): at +20.5 s it is at least 0.5 s behind, not 10
        assertThat(heartbeats.lagAtLeast(110, T0.plusMillis(20_500))).hasValue(Duration.ofMillis(500));
        // replay stood still at 100: the bound grows with time although nothing else is written
        assertThat(heartbeats.lagAtLeast(100, T0.plusSeconds(45))).hasValue(Duration.ofSeconds(35));
        assertThat(heartbeats.lagAtLeast(50, T0.plusSeconds(45))).hasValue(Duration.ofSeconds(45));
    }
}
