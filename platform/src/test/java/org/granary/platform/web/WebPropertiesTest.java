package org.granary.platform.web;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebPropertiesTest {
    @Test
    void defaultsTakeOneMebibyteBodiesSixteenAtOncePerCallerOnPlatformThreads() {
        WebProperties properties = bind(Map.of());

        assertThat(properties.maxBodyBytes().toBytes()).isEqualTo(1_048_576);
        assertThat(properties.maxConcurrentBodiesPerCaller()).isEqualTo(16);
        assertThat(properties.maxConcurrentBodiesPerService()).isEqualTo(128);
        assertThat(properties.virtualRequestThreads()).isFalse();
    }

    @Test
    void mapsEveryKey() {
        WebProperties properties = bind(Map.of(
                "granary.web.virtual-request-threads", "true",
                "granary.web.max-body-bytes", "4MB",
                "granary.web.max-concurrent-bodies-per-caller", "64",
                "granary.web.max-concurrent-bodies-per-service", "32"));

        assertThat(properties).isEqualTo(new WebProperties(true, DataSize.ofMegabytes(4), 64, 32));
    }

    @Test
    void aPlainNumberOfBodyBytesIsBytes() {
        assertThat(bind(Map.of("granary.web.max-body-bytes", "65536")).maxBodyBytes()).isEqualTo(DataSize.ofKilobytes(64));
    }

    @Test
    void refusesACallerShareBelowOne() {
        assertThatThrownBy(() -> bind(Map.of("granary.web.max-concurrent-bodies-per-caller", "0")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("max-concurrent-bodies-per-caller must be at least 1");
    }

    @Test
    void refusesAServiceShareBelowOne() {
        assertThatThrownBy(() -> bind(Map.of("granary.web.max-concurrent-bodies-per-service", "0")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("max-concurrent-bodies-per-service must be at least 1");
    }

    private static WebProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("granary.web", WebProperties.class);
    }
}
