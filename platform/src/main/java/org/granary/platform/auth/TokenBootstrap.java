package org.granary.platform.auth;

import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the tokens a platform needs before anyone can make tokens through the API: the first admin
 * token, and each service's own token. The launcher calls it before it starts the services, test
 * fixtures before they start theirs, and a service deployed alone at start when
 * {@code granary.auth.admin-token-file} is set.
 *
 * <p>Each call applies the auth patches to {@code authDataSource} first, then works in one
 * transaction under an advisory lock, so that concurrent callers (services starting together)
 * make exactly one token. A token's file is written (mode 600) and fsynced before the token is
 * committed: after a crash in between, the file holds a token that does not exist, and the next
 * call makes another.
 */
public final class TokenBootstrap {
    private static final Logger log = LoggerFactory.getLogger(TokenBootstrap.class);
    private static final long ADVISORY_LOCK_KEY = 0x6772616e61646dL;

    private TokenBootstrap() {
    }

    /**
     * Makes an admin token and writes it to {@code file} when the auth database has no live admin
     * token; true when it made one. An existing admin token is kept, whatever the file holds.
     */
    public static boolean ensureAdminToken(DataSource authDataSource, Path file) {
        return ensureAdminToken(AuthDatabase.on(authDataSource), file);
    }

    /**
     * Makes a token of role {@code service} labelled with the service's name and writes it to
     * {@code file}, unless the file already holds a live service token of that service; true when
     * it made one.
     */
    public static boolean ensureServiceToken(DataSource authDataSource, ServiceName service, Path file) {
        AuthDatabase database = AuthDatabase.on(authDataSource);
        TokenRepository tokens = new TokenRepository(database.context());
        boolean made = database.context().transactionResult(configuration -> {
            DSLContext transaction = lock(configuration.dsl());
            Optional<TokenRow> current = TokenFiles.read(file).map(TokenSecrets::hash)
                    .flatMap(hash -> tokens.findLiveBySecretHash(transaction, hash));
            if (current.isPresent() && current.get().role() == Role.SERVICE && current.get().label().equals(service.label())) {
                return false;
            }
            make(transaction, tokens, Role.SERVICE, service.label(), file);
            return true;
        });
        if (made) {
            log.info("made a service token for {} and wrote it to {} (mode 600)", service.label(), file.toAbsolutePath());
        }
        return made;
    }

    static boolean ensureAdminToken(AuthDatabase database, Path file) {
        TokenRepository tokens = new TokenRepository(database.context());
        boolean made = database.context().transactionResult(configuration -> {
            DSLContext transaction = lock(configuration.dsl());
            if (tokens.liveAdminExists(transaction)) {
                return false;
            }
            make(transaction, tokens, Role.ADMIN, "admin (made on first start)", file);
            return true;
        });
        if (made) {
            log.info("no admin token existed: made one and wrote it to {} (mode 600)", file.toAbsolutePath());
        }
        return made;
    }

    private static DSLContext lock(DSLContext transaction) {
        transaction.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
        return transaction;
    }

    private static void make(DSLContext transaction, TokenRepository tokens, Role role, String label, Path file) {
        String secret = TokenSecrets.newSecret();
        TokenFiles.writeOwnerOnly(file, secret);
        tokens.insert(transaction, TokenSecrets.hash(secret), role, label, null);
    }
}
