package org.granary.platform.auth;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.granary.platform.auth.schema.tables.records.TokenRecord;
import org.jooq.DSLContext;

import static org.granary.platform.auth.schema.Tables.TOKEN;
import static org.jooq.impl.DSL.currentOffsetDateTime;

/** The tokens table of the auth database. */
final class TokenRepository {
    private final DSLContext database;

    TokenRepository(DSLContext database) {
        this.database = database;
    }

    TokenRow insert(DSLContext transaction, String secretHash, Role role, String label, Long createdBy) {
        return toRow(transaction.insertInto(TOKEN)
                .set(TOKEN.SECRET_SHA256, secretHash)
                .set(TOKEN.ROLE, role.wireName())
                .set(TOKEN.LABEL, label)
                .set(TOKEN.CREATED_BY, createdBy)
                .returning()
                .fetchSingle());
    }

    Optional<TokenRow> findLiveBySecretHash(String secretHash) {
        return findLiveBySecretHash(database, secretHash);
    }

    Optional<TokenRow> findLiveBySecretHash(DSLContext transaction, String secretHash) {
        return transaction.selectFrom(TOKEN)
                .where(TOKEN.SECRET_SHA256.eq(secretHash).and(TOKEN.REVOKED_AT.isNull()))
                .fetchOptional()
                .map(TokenRepository::toRow);
    }

    Optional<TokenRow> findById(long id) {
        return database.selectFrom(TOKEN).where(TOKEN.ID.eq(id)).fetchOptional().map(TokenRepository::toRow);
    }

    /** One page in id order, starting after {@code afterId}. */
    List<TokenRow> page(long afterId, int limit) {
        return database.selectFrom(TOKEN)
                .orderBy(TOKEN.ID)
                .seek(afterId)
                .limit(limit)
                .fetch(TokenRepository::toRow);
    }

    /**
     * Revokes a live token and, in the same transaction, notifies every service listening on
     * {@link RevocationListener#CHANNEL} with its secret hash (PostgreSQL delivers it at commit).
     * The hash of the revoked token, or empty when it was already revoked or does not exist.
     */
    Optional<String> revoke(long id) {
        return database.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Optional<String> revoked = transaction.update(TOKEN)
                    .set(TOKEN.REVOKED_AT, currentOffsetDateTime())
                    .where(TOKEN.ID.eq(id).and(TOKEN.REVOKED_AT.isNull()))
                    .returning(TOKEN.SECRET_SHA256)
                    .fetchOptional(TOKEN.SECRET_SHA256);
            revoked.ifPresent(hash -> transaction.execute("SELECT pg_notify(?, ?)", RevocationListener.CHANNEL, hash));
            return revoked;
        });
    }

    boolean liveAdminExists(DSLContext transaction) {
        return transaction.fetchExists(TOKEN, TOKEN.ROLE.eq(Role.ADMIN.wireName()).and(TOKEN.REVOKED_AT.isNull()));
    }

    private static TokenRow toRow(TokenRecord record) {
        OffsetDateTime revokedAt = record.getRevokedAt();
        return new TokenRow(record.getId(), Role.fromWireName(record.getRole()), record.getLabel(),
                record.getCreatedAt().toInstant(), record.getCreatedBy(), revokedAt == null ? null : revokedAt.toInstant());
    }
}
