package org.granary.platform.auth;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The token this service sends when it calls another Granary service: its own token of role
 * {@code service}, from {@code granary.auth.service-token-file}, read when first needed (services
 * that call nobody need none). Never the admin token.
 */
public final class ServiceToken {
    private final Optional<Path> file;
    private volatile String secret;

    ServiceToken(Optional<Path> file) {
        this.file = file;
    }

    /** The secret, for an {@code Authorization: Bearer} header; fails clearly when not configured. */
    public String secret() {
        String known = secret;
        if (known == null) {
            Path path = file.orElseThrow(() -> new IllegalStateException("this service calls other services and needs a token of "
                    + "its own: set granary.auth.service-token-file (GRANARY_AUTH_SERVICE_TOKEN_FILE) to a file holding a token of "
                    + "role service labelled with its name"));
            known = TokenFiles.read(path).orElseThrow(() -> new IllegalStateException("the service token file " + path
                    + " (granary.auth.service-token-file) does not exist or is empty"));
            secret = known;
        }
        return known;
    }
}
