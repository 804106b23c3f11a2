package org.granary.platform.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthPropertiesTest {
    @Test
    void defaultsKeepTokensInTheServiceDatabaseAndMakeNoAdminToken() {
        AuthProperties properties = bind(Map.of());

        assertThat(properties.adminTokenPath()).isEmpty();
        assertThat(properties.serviceTokenPath()).isEmpty();
        assertThat(properties.ownDatabase()).isFalse();
        assertThat(properties.databaseUser()).isEmpty();
        assertThat(properties.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.caching()).isTrue();
        assertThat(properties.revocationHeartbeat()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void mapsEveryKey() {
        AuthProperties properties = bind(Map.of(
                "granary.auth.admin-token-file", "/etc/granary/admin-token",
                "granary.auth.service-token-file", "/etc/granary/tokens/ingest-service",
                "granary.auth.database-url", "jdbc:postgresql://db1:5432/granary_auth",
                "granary.auth.database-user", "auth",
                "granary.auth.database-password", "secret",
                "granary.auth.cache-ttl", "2s",
                "granary.auth.revocation-heartbeat", "250ms"));

        assertThat(properties).isEqualTo(new AuthProperties("/etc/granary/admin-token", "/etc/granary/tokens/ingest-service",
                "jdbc:postgresql://db1:5432/granary_auth", "auth", "secret", Duration.ofSeconds(2), Duration.ofMillis(250)));
        assertThat(properties.adminTokenPath()).hasValue(Path.of("/etc/granary/admin-token"));
        assertThat(properties.serviceTokenPath()).hasValue(Path.of("/etc/granary/tokens/ingest-service"));
        assertThat(properties.ownDatabase()).isTrue();
    }

    @Test
    void aZeroTimeToLiveTurnsTheCacheOff() {
        assertThat(bind(Map.of("granary.auth.cache-ttl", "0s")).caching()).isFalse();
    }

    @Test
    void refusesANegativeTimeToLiveAndAZeroHeartbeat() {
        assertThatThrownBy(() -> bind(Map.of("granary.auth.cache-ttl", "-1s"))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("granary.auth.cache-ttl");
        assertThatThrownBy(() -> bind(Map.of("granary.auth.revocation-heartbeat", "0s"))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("granary.auth.revocation-heartbeat");
    }

    private static AuthProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("granary.auth", AuthProperties.class);
    }
}
