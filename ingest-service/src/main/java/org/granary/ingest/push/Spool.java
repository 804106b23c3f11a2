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
import java.util.concurrent.Semaphore;
import org.apache.commons.codec.digest.DigestUtils;
import org.granary.archive.client.ContentSource;
import org.granary.ingest.IngestProperties;
import org.granary.ingest.pdr.PosixCksum;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.stereotype.Component;

/**
 * Where pushed files land, hashed on arrival: SHA-256, MD5 and, when a PDR asks for it, the POSIX
 * cksum are computed in the same pass, so a file is read once from the network and never re-read
 * to hash it. A small file whose length is declared is held in memory (at most
 * {@value #MEMORY_SLOTS} at a time); any other is streamed to disk in 1 MiB chunks. Files left by a crash are removed at start: nothing
 * was acknowledged for them.
 */
@Component
public class Spool {
    private static final int BUFFER_BYTES = 1 << 20;
    /** Bounds the heap small pushes take: slots × the memory threshold (64 MiB by default). */
    static final int MEMORY_SLOTS = 64;

    private final Path directory;
    private final long maxFileBytes;
    private final long memoryThresholdBytes;
    private final Semaphore memorySlots = new Semaphore(MEMORY_SLOTS);

    Spool(IngestProperties properties) throws IOException {
        this.directory = properties.spoolDirectory();
        this.maxFileBytes = properties.maxFileBytes();
        this.memoryThresholdBytes = Math.min(properties.memoryThresholdBytes(), BUFFER_BYTES);
        Files.createDirectories(directory);
        try (var leftovers = Files.list(directory)) {
            for (Path leftover : leftovers.toList()) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /**
     * Receives a push. {@code withCksum} asks for the POSIX cksum too: only a PDR that declares it
     * needs it, and computing it byte by byte took a fifth of a small push's hashing.
     */
    public ReceivedFile receive(InputStream body, long declaredLength, boolean withCksum) {
        refuseIfTooLarge(declaredLength, maxFileBytes);
        if (declaredLength >= 0 && declaredLength <= memoryThresholdBytes && memorySlots.tryAcquire()) {
            try {
                return receiveInMemory(body, (int) declaredLength, withCksum);
            } catch (RuntimeException e) {
                memorySlots.release();
                throw e;
            }
        }
        return receiveOnDisk(body, declaredLength, withCksum);
    }

    /** Saves a small file the spool's create, write, re-read and delete: most of ingest's own system time per granule. */
    private ReceivedFile receiveInMemory(InputStream body, int declaredLength, boolean withCksum) {
        byte[] bytes = new byte[declaredLength];
        int read = readBody(body, bytes);
        if (read != declaredLength) {
            throw lengthMismatch(read, declaredLength);
        }
        Hashes hashes = new Hashes(withCksum);
        hashes.update(bytes, read);
        return hashes.finish(ContentSource.ofBytes(bytes), read, memorySlots::release);
    }

    private ReceivedFile receiveOnDisk(InputStream body, long declaredLength, boolean withCksum) {
        Hashes hashes = new Hashes(withCksum);
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
                hashes.update(buffer, read);
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
            throw lengthMismatch(size, declaredLength);
        }
        try {
            return hashes.finish(ContentSource.ofFile(file), size, () -> deleteQuietly(file));
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot read the spool file " + file, e);
        }
    }

    /** The checksums a push may be judged by, computed in one pass. */
    private static final class Hashes {
        private final MessageDigest sha256 = DigestUtils.getSha256Digest();
        private final MessageDigest md5 = DigestUtils.getMd5Digest();
        // EDOS deliveries may declare the POSIX cksum instead of MD5; null when no PDR asks for it.
        private final PosixCksum cksum;

        Hashes(boolean withCksum) {
            this.cksum = withCksum ? new PosixCksum() : null;
        }

        void update(byte[] bytes, int length) {
            sha256.update(bytes, 0, length);
            md5.update(bytes, 0, length);
            if (cksum != null) {
                cksum.update(bytes, 0, length);
            }
        }

        ReceivedFile finish(ContentSource content, long size, Runnable release) {
            HexFormat hex = HexFormat.of();
            return new ReceivedFile(content, size, hex.formatHex(sha256.digest()), hex.formatHex(md5.digest()),
                    cksum == null ? ReceivedFile.NO_CKSUM : cksum.value(), release);
        }
    }

    /** 413 before a byte is read when the declared length is beyond what ingest accepts. */
    static void refuseIfTooLarge(long declaredLength, long maxFileBytes) {
        if (declaredLength > maxFileBytes) {
            throw new GranaryException(ErrorCode.PAYLOAD_TOO_LARGE, "files up to " + maxFileBytes + " bytes are accepted; this one has "
                    + declaredLength);
        }
    }

    private static GranaryException lengthMismatch(long size, long declaredLength) {
        return new GranaryException(ErrorCode.MALFORMED_REQUEST, "the body had " + size + " bytes, Content-Length said " + declaredLength);
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
