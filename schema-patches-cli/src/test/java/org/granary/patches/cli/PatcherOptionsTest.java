package org.granary.patches.cli;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.granary.patches.SchemaPatcher;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatcherOptionsTest {
    private static final Set<String> TIMEOUTS = Set.of("lock-timeout", "statement-timeout");

    @Test
    void defaultsToTenSecondsForALockAndHalfAnHourForAStatement() {
        SchemaPatcher.Options options = PatcherOptions.from(CommandLine.parse("apply", List.of(), TIMEOUTS, Set.of()), null, false);

        assertThat(options.lockTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.statementTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.appliedBy()).isEqualTo(System.getProperty("user.name"));
        assertThat(options.stage()).isNull();
    }

    @Test
    void takesDurationsWithTheirUnit() {
        var line = CommandLine.parse("apply", List.of("--lock-timeout", "500ms", "--statement-timeout", "2h"), TIMEOUTS, Set.of());

        SchemaPatcher.Options options = PatcherOptions.from(line, "testing", true);

        assertThat(options.lockTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.statementTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(options.stage()).isEqualTo("testing");
        assertThat(options.driftAllowed()).isTrue();
        assertThat(PatcherOptions.duration("--x", "5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(PatcherOptions.duration("--x", "10s")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesADurationWithoutAUnit() {
        assertThatThrownBy(() -> PatcherOptions.duration("--lock-timeout", "10"))
                .hasMessage("--lock-timeout takes a duration such as 500ms, 10s, 5min or 2h: 10");
    }
}
