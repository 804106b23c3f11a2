package org.granary.platform.auth;

import java.util.List;
import java.util.Optional;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, checks and revokes tokens. A check uses the cache only while the revocation listener
 * hears every revocation ({@link RevocationListener#trusted()}); otherwise it asks the database.
 */
public class TokenService {
    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    static final int MAX_PAGE = 500;

    private final AuthDatabase database;
    private final TokenRepository tokens;
    private final TokenCache cache;
    private final RevocationListener revocations;

    TokenService(AuthDatabase database, TokenCache cache, RevocationListener revocations) {
        this.database = database;
        this.tokens = new TokenRepository(database.context());
        this.cache = cache;
        this.revocations = revocations;
    }

    /** A new token; a service token's label must be the name of a Granary service. */
    public TokenCreated create(Role role, String label, Caller creator) {
        if (role == Role.SERVICE) {
            try {
                ServiceName.fromLabel(label);
            } catch (IllegalArgumentException e) {
                throw new GranaryException(ErrorCode.INVALID_REQUEST, e.getMessage());
            }
        }
        String secret = TokenSecrets.newSecret();
        TokenRow row = tokens.insert(database.context(), TokenSecrets.hash(secret), role, label, creator.tokenId());
        log.info("token {} ({}, '{}') created by token {}", row.id(), role.wireName(), label, creator.tokenId());
        return new TokenCreated(row, secret);
    }

    /** The owner of a live token with this secret; empty for an unknown or revoked one. */
    public Optional<Caller> authenticate(String secret) {
        if (!secret.startsWith(TokenSecrets.PREFIX)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.hash(secret);
        return revocations.trusted() ? cache.get(hash, this::lookUp) : lookUp(hash);
    }

    public List<TokenRow> page(long afterId, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        return tokens.page(afterId, limit);
    }

    /**
     * Revokes a token; revoking a revoked token again is fine, an unknown id is not. This service
     * forgets it at once; the others when the notice sent with the revocation reaches them.
     */
    public TokenRow revoke(long id, Caller revoker) {
        tokens.revoke(id).ifPresent(hash -> {
            cache.forget(hash);
            log.info("token {} revoked by token {}", id, revoker.tokenId());
        });
        return tokens.findById(id).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no token with id " + id));
    }

    private Optional<Caller> lookUp(String secretHash) {
        return tokens.findLiveBySecretHash(secretHash).map(row -> new Caller(row.id(), row.role(), row.label()));
    }
}
