package org.granary.platform.auth;

import java.util.List;
import java.util.Optional;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, checks and revokes tokens. */
public class TokenService {
    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    static final int MAX_PAGE = 500;

    private final AuthDatabase database;
    private final TokenRepository tokens;
    private final RecentTokens recent;

    TokenService(AuthDatabase database, java.time.Duration cacheTtl) {
        this.database = database;
        this.tokens = new TokenRepository(database.context());
        this.recent = new RecentTokens(cacheTtl, System::nanoTime);
    }

    public TokenCreated create(Role role, String label, Caller creator) {
        String secret = TokenSecrets.newSecret();
        TokenRow row = tokens.insert(database.context(), TokenSecrets.hash(secret), role, label, creator.tokenId());
        log.info("token {} ({}, '{}') created by token {}", row.id(), role.wireName(), label, creator.tokenId());
        return new TokenCreated(row, secret);
    }

    /**
     * The owner of a live token with this secret; empty for an unknown or revoked one. A token
     * revoked through another service may still pass here for the cache's time to live.
     */
    public Optional<Caller> authenticate(String secret) {
        if (!secret.startsWith(TokenSecrets.PREFIX)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.hash(secret);
        Optional<Caller> recentCaller = recent.get(hash);
        if (recentCaller.isPresent()) {
            return recentCaller;
        }
        Optional<Caller> caller = tokens.findLiveBySecretHash(hash).map(row -> new Caller(row.id(), row.role(), row.label()));
        caller.ifPresent(found -> recent.put(hash, found));
        return caller;
    }

    public List<TokenRow> page(long afterId, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        return tokens.page(afterId, limit);
    }

    /** Revokes a token; revoking a revoked token again is fine, an unknown id is not. */
    public TokenRow revoke(long id, Caller revoker) {
        if (tokens.revoke(id)) {
            recent.clear();
            log.info("token {} revoked by token {}", id, revoker.tokenId());
        }
        return tokens.findById(id).orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "no token with id " + id));
    }
}
