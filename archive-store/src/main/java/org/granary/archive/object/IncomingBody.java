package org.granary.archive.object;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.granary.archive.volume.Volumes;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upload as a node receives it: streamed into a part file while it is hashed (the SHA-256 of
 * the name and a CRC32C per MiB), within the room its reservation holds, made durable, and refused
 * unless it hashes to its name; and the errors that tell the caller's fault (a body that broke
 * off or lied about its length) from the disk's (no room, an I/O error).
 */
final class IncomingBody {
    private static final Logger log = LoggerFactory.getLogger(IncomingBody.class);
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int MIN_BUFFER_BYTES = 8 << 10;

    private IncomingBody() {
    }

    /**
     * Receives the body into {@code part}, hashing it, within the room {@code reservation} holds or
     * can still take, and makes it durable; refuses it unless its SHA-256 is {@code checksum}.
     */
    static Received receive(String checksum, long declaredLength, InputStream body, Path part, Volumes.Reservation reservation,
            Instant writtenAt) {
        MessageDigest sha256 = sha256();
        BlockChecksums.Builder blocks = new BlockChecksums.Builder(declaredLength);
        long size = receiveStreamed(declaredLength, body, part, sha256, blocks, reservation);
        requireMatches(checksum, sha256);
        return new Received(size, blocks.build(), writtenAt);
    }

    static void requireMatches(String checksum, MessageDigest sha256) {
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(checksum)) {
            throw new GranaryException(ErrorCode.CONTENT_MISMATCH, "the content's SHA-256 is " + actual + ", not " + checksum
                    + "; nothing was stored", Map.of("expectedSha256", checksum, "actualSha256", actual), null);
        }
    }

    /** A large body (or one of unknown length) through the page cache, flushed to disk while it arrives. */
    static long receiveStreamed(long declaredLength, InputStream body, Path part, MessageDigest sha256,
            BlockChecksums.Builder blocks, Volumes.Reservation reservation) {
        long size = 0;
        byte[] buffer = new byte[bufferBytes(declaredLength)];
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                BackgroundFlusher flusher = new BackgroundFlusher(channel)) {
            while (true) {
                int read = readBody(body, buffer);
                if (read < 0) {
                    break;
                }
                sha256.update(buffer, 0, read);
                blocks.update(buffer, 0, read);
                reservation.beforeWriting(read);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
                reservation.written();
                size += read;
                flusher.wrote(read);
            }
            flusher.finish();
        } catch (IOException e) {
            throw storageFailure(e, part);
        }
        if (declaredLength >= 0 && size != declaredLength) {
            throw shortOrLong(size, declaredLength);
        }
        return size;
    }

    /** A small object's buffer fits it: zeroing a 1 MiB array for 64 KiB was a visible share of a small write. */
    static int bufferBytes(long declaredLength) {
        return declaredLength < 0 ? BUFFER_BYTES : Math.clamp(declaredLength, MIN_BUFFER_BYTES, BUFFER_BYTES);
    }

    /** Reading fails when the client goes away mid-upload: that is the caller's doing, not a disk's. */
    static int readBody(InputStream body, byte[] buffer) {
        try {
            int read = body.readNBytes(buffer, 0, buffer.length);
            return read == 0 ? -1 : read;
        } catch (IOException e) {
            throw uploadEnded(e);
        }
    }

    static GranaryException uploadEnded(IOException e) {
        return new GranaryException(ErrorCode.MALFORMED_REQUEST, "the upload ended before its end: " + e.getMessage(), Map.of(), e);
    }

    static GranaryException shortOrLong(long size, long declaredLength) {
        return new GranaryException(ErrorCode.MALFORMED_REQUEST, "the body had " + size + " bytes, Content-Length said " + declaredLength);
    }

    static RuntimeException storageFailure(IOException e, Path part) {
        if (outOfRoom(e, usableSpaceBeside(part))) {
            return new GranaryException(ErrorCode.STORAGE_FULL, "the volume filled up during the write; nothing was stored", Map.of(), e);
        }
        log.error("write to {} failed", part, e);
        return new UncheckedIOException("cannot write " + part, e);
    }

    /**
     * Whether a failed write ran out of room (ENOSPC, or EDQUOT). Java hands over the C library's
     * message, which speaks the JVM's locale ("Auf dem Gerät ist kein Speicherplatz mehr
     * verfügbar"), so a volume left with less room than one more buffer counts as full as well.
     */
    static boolean outOfRoom(IOException e, long usableBytes) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No space left") || message.contains("Disk quota exceeded") || usableBytes < BUFFER_BYTES;
    }

    static long usableSpaceBeside(Path file) {
        try {
            return Files.getFileStore(file.getParent()).getUsableSpace();
        } catch (IOException | RuntimeException unknown) {
            return Long.MAX_VALUE;
        }
    }

    /** The first {@code length} bytes of a file. */
    static InputStream prefixOf(Path file, long length) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new java.io.FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws IOException {
                return left-- > 0 ? super.read() : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int wanted) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int read = super.read(buffer, offset, (int) Math.min(wanted, left));
                left -= Math.max(read, 0);
                return read;
            }
        };
    }

    /** Reads up to {@code length} bytes at {@code position}; fewer only at the file's end. */
    static int readAt(FileChannel channel, byte[] buffer, long position, int length) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        while (target.hasRemaining() && channel.read(target, position + target.position()) >= 0) {
            // reads until full or at the end
        }
        return target.position();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
