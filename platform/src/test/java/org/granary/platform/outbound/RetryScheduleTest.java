package org.granary.platform.outbound;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTest {
    @Test
    void waitsDoubleFromOneSecondUpToTheLongestAndGiveUpAfterTheLastAttempt() {
        RetrySchedule retries = new RetrySchedule(5, Duration.ofSeconds(5));
        Instant failed = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(retries.nextAttempt(1, failed)).isEqualTo(failed.plusSeconds(1));
        assertThat(retries.nextAttempt(2, failed)).isEqualTo(failed.plusSeconds(2));
        assertThat(retries.nextAttempt(3, failed)).isEqualTo(failed.plusSeconds(4));
        assertThat(retries.nextAttempt(4, failed)).isEqualTo(failed.plusSeconds(5));
        assertThat(retries.nextAttempt(100, failed)).isEqualTo(failed.plusSeconds(5));
        assertThat(retries.exhausted(4)).isFalse();
        assertThat(retries.exhausted(5)).isTrue();
    }
}
