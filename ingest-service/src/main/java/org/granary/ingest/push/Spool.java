package org.granary.ingest.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.granary.ingest.IngestProperties;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.stereotype.Component;

/**
 * Where pushed files land: streamed to disk in 1 MiB chunks while SHA-256, MD5 and the POSIX cksum are computed in the same pass, so the file is read once from the network and never
 * re-read to hash it. Files left by a crash are removed at start: nothing was acknowledged for them.
 */
@Component
public class Spool {
    private static final int BUFFER_BYTES = 1 << 20;
    private final Path directory;
    private final long maxFileBytes;

    Spool(IngestProperties properties) throws IOException {
        this.directory = properties.spoolDirectory();
        this.maxFileBytes = properties.maxFileBytes();
        Files.createDirectories(directory);
        try (var leftovers = Files.list(directory)) {
            for (Path leftover : leftovers.toList()) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    public SpooledFile receive(InputStream body, long declaredLength) {
        if (declaredLength > maxFileBytes) {
            throw new GranaryException(ErrorCode.PAYLOAD_TOO_LARGE, "files up to " + maxFileBytes + " bytes are accepted; this one has " + declaredLength);
        }
        MessageDigest sha256 = DigestUtils.getSha256Digest();
        MessageDigest md5 = DigestUtils.getMd5Digest();
        // EDOS deliveries may declare the POSIX cksum instead of MD5: computed in the same pass.
        org.granary.ingest.pdr.PosixCksum cksum = new org.granary.ingest.pdr.PosixCksum();
        Path file;
        try {
            file = Files.createTempFile(directory, "push-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool file in " + directory, e);
        }
        long size = 0;
        byte[] buffer = new byte[BUFFER_BYTES];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int read; (read = readBody(body, buffer)) > 0; ) {
                size += read;
                if (size > maxFileBytes) {
                    throw new GranaryException(ErrorCode.PAYLOAD_TOO_LARGE, "files up to " + maxFileBytes + " bytes are accepted");
                }
                sha256.update(buffer, 0, read);
                md5.update(buffer, 0, read);
                cksum.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot write the spool file " + file, e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        if (declaredLength >= 0 && size != declaredLength) {
            deleteQuietly(file);
            throw new GranaryException(ErrorCode.MALFORMED_REQUEST, "the body had " + size + " bytes, Content-Length said " + declaredLength);
        }
        HexFormat hex = HexFormat.of();
        return new SpooledFile(file, size, hex.formatHex(sha256.digest()), hex.formatHex(md5.digest()), cksum.value());
    }

    private static int readBody(InputStream body, byte[] buffer) {
        try {
            return body.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new GranaryException(ErrorCode.MALFORMED_REQUEST, "the upload ended before its end: " + e.getMessage(), Map.of(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // emptied at start anyway
        }
    }
}
