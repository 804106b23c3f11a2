package org.granary.platform.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static java.util.Objects.requireNonNull;

/**
 * Where tokens live, which token this service sends to others, and how long it trusts a token it
 * checked.
 *
 * @param adminTokenFile when set, a service that finds no live admin token at start makes one and
 *     writes it here (mode 600): for a service deployed alone; the launcher makes the admin token
 *     itself and leaves this empty; {@code GRANARY_AUTH_ADMIN_TOKEN_FILE}
 * @param serviceTokenFile the file holding this service's own token (role {@code service},
 *     labelled with its name), sent when it calls other services; read when first needed;
 *     {@code GRANARY_AUTH_SERVICE_TOKEN_FILE}
 * @param databaseUrl JDBC URL of the database holding the tokens, shared by all services so that
 *     one token works everywhere; empty means this service's own database (a service run alone);
 *     {@code GRANARY_AUTH_DATABASE_URL}
 * @param databaseUser user for {@code databaseUrl}, when the URL does not name one
 * @param databasePassword password for {@code databaseUrl}
 * @param cacheTtl how long a service keeps a token it checked; revocations reach the cache at
 *     once through notifications, so this only bounds how long an unused entry stays; 0 turns the
 *     cache off (every request asks the database); {@code GRANARY_AUTH_CACHE_TTL}
 * @param revocationHeartbeat how often the revocation listener checks its connection; the cache is
 *     used only while the last good check is at most twice this old;
 *     {@code GRANARY_AUTH_REVOCATION_HEARTBEAT}
 */
@ConfigurationProperties("granary.auth")
public record AuthProperties(
        @DefaultValue("") String adminTokenFile,
        @DefaultValue("") String serviceTokenFile,
        @DefaultValue("") String databaseUrl,
        @DefaultValue("") String databaseUser,
        @DefaultValue("") String databasePassword,
        @DefaultValue("5m") Duration cacheTtl,
        @DefaultValue("1s") Duration revocationHeartbeat) {
    public AuthProperties {
        requireNonNull(adminTokenFile, "adminTokenFile is null");
        requireNonNull(serviceTokenFile, "serviceTokenFile is null");
        requireNonNull(databaseUrl, "databaseUrl is null");
        requireNonNull(databaseUser, "databaseUser is null");
        requireNonNull(databasePassword, "databasePassword is null");
        requireNonNull(cacheTtl, "cacheTtl is null");
        requireNonNull(revocationHeartbeat, "revocationHeartbeat is null");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("granary.auth.cache-ttl must not be negative, was " + cacheTtl);
        }
        if (revocationHeartbeat.isNegative() || revocationHeartbeat.toMillis() < 1) {
            throw new IllegalArgumentException("granary.auth.revocation-heartbeat must be at least 1 ms, was " + revocationHeartbeat);
        }
    }

    /** The admin token file, when this service should make the first admin token. */
    public Optional<Path> adminTokenPath() {
        return adminTokenFile.isBlank() ? Optional.empty() : Optional.of(Path.of(adminTokenFile));
    }

    /** This service's own token file, when it has one. */
    public Optional<Path> serviceTokenPath() {
        return serviceTokenFile.isBlank() ? Optional.empty() : Optional.of(Path.of(serviceTokenFile));
    }

    /** Whether the tokens live in a database of their own rather than in the service's. */
    public boolean ownDatabase() {
        return !databaseUrl.isBlank();
    }

    /** Whether checked tokens are kept at all. */
    boolean caching() {
        return !cacheTtl.isZero();
    }
}
