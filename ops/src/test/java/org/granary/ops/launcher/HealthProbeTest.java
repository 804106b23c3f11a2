package org.granary.ops.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthProbeTest {
    @Test
    void anArchiveNodeThatTakesNoWritesServesAndOnlyUpAndReadOnlyDo() {
        assertThat(HealthProbe.serving("UP")).isTrue();
        assertThat(HealthProbe.serving("READ_ONLY")).isTrue();
        assertThat(HealthProbe.serving("DOWN")).isFalse();
        assertThat(HealthProbe.serving("UNREACHABLE")).isFalse();
    }
}
