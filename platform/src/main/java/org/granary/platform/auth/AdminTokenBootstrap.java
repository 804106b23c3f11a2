package org.granary.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the first admin token when the auth database has no live one, and writes it to a file
 * only its owner may read. Services starting together serialize on a transaction-scoped advisory
 * lock, so exactly one of them makes the token. The file is written before the token is
 * committed: if we crash in between, the next start finds no admin and makes a new one.
 */
final class AdminTokenBootstrap {
    private static final Logger log = LoggerFactory.getLogger(AdminTokenBootstrap.class);
    private static final long ADVISORY_LOCK_KEY = 0x6772616e61646dL;

    private AdminTokenBootstrap() {
    }

    /** The file written, or empty when a live admin token already existed. */
    static Optional<Path> run(AuthDatabase database, Path tokenFile) {
        TokenRepository tokens = new TokenRepository(database.context());
        Optional<Path> written = database.context().transactionResult(configuration -> {
            var transaction = configuration.dsl();
            transaction.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
            if (tokens.liveAdminExists(transaction)) {
                return Optional.empty();
            }
            String secret = TokenSecrets.newSecret();
            writeOwnerOnly(tokenFile, secret);
            tokens.insert(transaction, TokenSecrets.hash(secret), Role.ADMIN, "admin (made on first start)", null);
            return Optional.of(tokenFile);
        });
        written.ifPresent(file -> log.info("no admin token existed: made one and wrote it to {} (mode 600)", file.toAbsolutePath()));
        return written;
    }

    private static void writeOwnerOnly(Path file, String secret) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path staging = Files.createTempFile(folder, ".admin-token-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel channel = FileChannel.open(staging, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((secret + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file, e);
        }
    }
}
