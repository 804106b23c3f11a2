package org.granary.patches.cli;

import java.time.Duration;
import java.util.Optional;
import org.granary.patches.SchemaPatcher;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatcherOptionsTest {
    @Test
    void defaultsToTenSecondsForALockAndHalfAnHourForAStatement() {
        SchemaPatcher.Options options = new PatcherOptions().options(null, false);

        assertThat(options.lockTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.statementTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.appliedBy()).isEqualTo(System.getProperty("user.name"));
        assertThat(options.stage()).isNull();
    }

    @Test
    void takesDurationsWithTheirUnit() {
        PatcherOptions patcher = new PatcherOptions();
        patcher.lockTimeout = Optional.of(PatcherOptions.duration("500ms"));
        patcher.statementTimeout = Optional.of(PatcherOptions.duration("2h"));

        SchemaPatcher.Options options = patcher.options("testing", true);

        assertThat(options.lockTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.statementTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(options.stage()).isEqualTo("testing");
        assertThat(options.driftAllowed()).isTrue();
        assertThat(PatcherOptions.duration("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(PatcherOptions.duration(" 10s ")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesADurationWithoutAUnit() {
        assertThatThrownBy(() -> PatcherOptions.duration("10")).isInstanceOf(TypeConversionException.class)
                .hasMessage("a duration such as 500ms, 10s, 5min or 2h is needed, not 10");
    }
}
