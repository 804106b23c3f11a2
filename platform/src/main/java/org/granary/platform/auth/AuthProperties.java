package org.granary.platform.auth;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static java.util.Objects.requireNonNull;

/**
 * Where tokens live and where the first admin token is written.
 *
 * @param adminTokenFile file that receives the admin token made on first start (mode 600);
 *     {@code GRANARY_AUTH_ADMIN_TOKEN_FILE}
 * @param databaseUrl JDBC URL of the database holding the tokens, shared by all services so that
 *     one token works everywhere; empty means this service's own database (a service run alone);
 *     {@code GRANARY_AUTH_DATABASE_URL}
 * @param databaseUser user for {@code databaseUrl}, when the URL does not name one
 * @param databasePassword password for {@code databaseUrl}
 * @param cacheTtl how long a service trusts a token it checked, before it looks again: a token
 *     revoked through another service keeps working here for up to this long; 0 turns it off;
 *     {@code GRANARY_AUTH_CACHE_TTL}
 */
@ConfigurationProperties("granary.auth")
public record AuthProperties(
        @DefaultValue("var/admin-token") Path adminTokenFile,
        @DefaultValue("") String databaseUrl,
        @DefaultValue("") String databaseUser,
        @DefaultValue("") String databasePassword,
        @DefaultValue("5s") java.time.Duration cacheTtl) {
    public AuthProperties {
        requireNonNull(adminTokenFile, "adminTokenFile is null");
        requireNonNull(databaseUrl, "databaseUrl is null");
        requireNonNull(databaseUser, "databaseUser is null");
        requireNonNull(databasePassword, "databasePassword is null");
        requireNonNull(cacheTtl, "cacheTtl is null");
    }

    public boolean ownDatabase() {
        return !databaseUrl.isBlank();
    }
}
