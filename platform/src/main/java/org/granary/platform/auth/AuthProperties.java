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
 */
@ConfigurationProperties("granary.auth")
public record AuthProperties(
        @DefaultValue("var/admin-token") Path adminTokenFile,
        @DefaultValue("") String databaseUrl,
        @DefaultValue("") String databaseUser,
        @DefaultValue("") String databasePassword) {
    public AuthProperties {
        requireNonNull(adminTokenFile, "adminTokenFile is null");
        requireNonNull(databaseUrl, "databaseUrl is null");
        requireNonNull(databaseUser, "databaseUser is null");
        requireNonNull(databasePassword, "databasePassword is null");
    }

    public boolean ownDatabase() {
        return !databaseUrl.isBlank();
    }
}
