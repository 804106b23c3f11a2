package org.granary.platform.auth;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class AuthPropertiesTest {
    @Test
    void defaultsKeepTokensInTheServiceDatabaseAndTheAdminTokenUnderVar() {
        AuthProperties properties = bind(Map.of());

        assertThat(properties.adminTokenFile()).isEqualTo(Path.of("var/admin-token"));
        assertThat(properties.ownDatabase()).isFalse();
        assertThat(properties.databaseUser()).isEmpty();
        assertThat(properties.cacheTtl()).isEqualTo(java.time.Duration.ofSeconds(5));
    }

    @Test
    void mapsEveryKey() {
        AuthProperties properties = bind(Map.of(
                "granary.auth.admin-token-file", "/etc/granary/admin-token",
                "granary.auth.database-url", "jdbc:postgresql://db1:5432/granary_auth",
                "granary.auth.database-user", "auth",
                "granary.auth.database-password", "secret",
                "granary.auth.cache-ttl", "2s"));

        assertThat(properties).isEqualTo(new AuthProperties(Path.of("/etc/granary/admin-token"),
                "jdbc:postgresql://db1:5432/granary_auth", "auth", "secret", java.time.Duration.ofSeconds(2)));
        assertThat(properties.ownDatabase()).isTrue();
    }

    private static AuthProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("granary.auth", AuthProperties.class);
    }
}
