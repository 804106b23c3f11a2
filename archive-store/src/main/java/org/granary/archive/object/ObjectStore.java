package org.granary.archive.object;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.granary.archive.ArchiveProperties;
import org.granary.archive.audit.AuditAction;
import org.granary.archive.audit.AuditLog;
import org.granary.archive.client.Checksums;
import org.granary.archive.volume.Volume;
import org.granary.archive.volume.Volumes;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The objects of this node. A write streams the body into {@code incoming/} while hashing it,
 * fsyncs the file, checks the hash against the object's name, renames the file into place and
 * fsyncs its folder; only then is the object recorded and the write acknowledged. A crash at any
 * point leaves either nothing visible or a complete, verified object.
 */
@Service
public class ObjectStore {
    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int MIN_BUFFER_BYTES = 8 << 10;

    private final Volumes volumes;
    private final StoredObjects objects;
    private final AuditLog auditLog;
    private final DSLContext database;
    private final ArchiveProperties properties;
    private final Clock clock;
    private final io.micrometer.core.instrument.MeterRegistry metrics;

    public ObjectStore(Volumes volumes, StoredObjects objects, AuditLog auditLog, DSLContext database,
            ArchiveProperties properties, Clock clock, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.volumes = volumes;
        this.objects = objects;
        this.auditLog = auditLog;
        this.database = database;
        this.properties = properties;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Whether a write made the object or found it already there. */
    public enum PutOutcome {
        CREATED, EXISTED
    }

    /**
     * Stores {@code body} as the object {@code checksum}.
     *
     * @param declaredLength the body's length if the client said it, else -1
     * @param action {@link AuditAction#WRITE} for new data, {@link AuditAction#COPY_IN} or
     *     {@link AuditAction#REPAIR} for copies from other nodes
     */
    public PutOutcome put(String checksum, long declaredLength, InputStream body, AuditAction action, String cause) {
        requireChecksum(checksum);
        Optional<Volumes.Located> existing = volumes.locate(checksum);
        if (existing.isPresent()) {
            // Read and checked all the same: answered without it, a client that had begun sending a body
            // larger than Tomcat swallows was cut off, and nobody would have checked what it sent.
            requireMatches(checksum, hashWithoutKeeping(declaredLength, body));
            Volumes.Located located = existing.get();
            // Covers a crash between a rename and its commit.
            objects.recordIfMissing(database, checksum, located.volume().name(), located.size());
            return PutOutcome.EXISTED;
        }
        Volumes.Reservation reservation = volumes.reserveForWrite(declaredLength);
        Volume volume = reservation.volume();
        Path part = volume.incoming().resolve(checksum + "." + UUID.randomUUID() + ".part");
        boolean published = false;
        try {
            long size = stage("receive", () -> receive(checksum, declaredLength, body, part, reservation));
            stage("publish", () -> {
                publish(volume, checksum, part);
                return null;
            });
            published = true;
            boolean wasDeleted = stage("record", () -> objects.recordWritten(checksum, volume.name(), size, action, cause, size + " bytes"));
            if (wasDeleted) {
                dropTombstone(volume, checksum);
            }
            return PutOutcome.CREATED;
        } finally {
            if (!published) {
                deleteQuietly(part);
            }
            reservation.close();
        }
    }

    /** Times a stage of a write ({@code granary.archive.put.stage}): receive (with hash and fsync), publish, record. */
    private <T> T stage(String name, java.util.function.Supplier<T> work) {
        return metrics.timer("granary.archive.put.stage", "stage", name).record(work);
    }

    /** Renames a verified upload into place; the object exists once its folder is synced. */
    private static void publish(Volume volume, String checksum, Path part) {
        Path target = volume.objectPath(checksum);
        try {
            volume.createObjectFolders(checksum);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            Volume.syncDirectory(target.getParent());
        } catch (IOException e) {
            throw storageFailure(e, target);
        }
    }

    /** The file of a live object, or 404 saying whether and when it was deleted. */
    public Volumes.Located read(String checksum) {
        requireChecksum(checksum);
        return volumes.locate(checksum).orElseThrow(() -> notHere(checksum));
    }

    /** Deletes an object as a tombstone: its file is kept aside until the grace period ends. */
    public StoredObject delete(String checksum, String deletedBy) {
        requireChecksum(checksum);
        Optional<Volumes.Located> located = volumes.locate(checksum);
        if (located.isEmpty()) {
            return objects.find(checksum).filter(StoredObject::deleted).orElseThrow(() -> notHere(checksum));
        }
        Volume volume = located.get().volume();
        Instant purgeAfter = clock.instant().plus(properties.deleteGracePeriod());
        try {
            Path tombstone = volume.tombstone(checksum);
            Files.move(located.get().path(), tombstone, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Volume.syncDirectory(tombstone.getParent());
            Volume.syncDirectory(located.get().path().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + checksum + " to the tombstones of " + volume.name(), e);
        }
        database.transaction(configuration -> {
            objects.recordLive(configuration.dsl(), checksum, volume.name(), located.get().size());
            objects.markDeleted(configuration.dsl(), checksum, deletedBy, purgeAfter);
            auditLog.record(configuration.dsl(), volume.name(), checksum, AuditAction.DELETE, "deleted by " + deletedBy,
                    "restorable until " + purgeAfter);
        });
        return objects.find(checksum).orElseThrow();
    }

    /**
     * Moves an object from its (draining) volume to the roomiest active one: the copy is hashed on
     * the way, synced and renamed into place before the old file goes.
     */
    public void relocate(String checksum, String cause) {
        Volumes.Located from = read(checksum);
        Volumes.Reservation reservation = volumes.reserveForWrite(from.size());
        Volume to = reservation.volume();
        Path part = to.incoming().resolve(checksum + "." + UUID.randomUUID() + ".part");
        try (InputStream in = Files.newInputStream(from.path())) {
            receive(checksum, from.size(), in, part, reservation);
            publish(to, checksum, part);
            objects.recordWritten(checksum, to.name(), from.size(), AuditAction.RELOCATE, cause, "from volume " + from.volume().name());
            Files.delete(from.path());
            Volume.syncDirectory(from.path().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + checksum + " from volume " + from.volume().name(), e);
        } finally {
            deleteQuietly(part);
            reservation.close();
        }
    }

    /** Removes the local copy after it was verified elsewhere; the audit says where it went. */
    public void removeLocalCopy(String checksum, AuditAction action, String cause) {
        volumes.locate(checksum).ifPresent(located -> {
            try {
                Files.deleteIfExists(located.path());
                Volume.syncDirectory(located.path().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + located.path(), e);
            }
            database.transaction(configuration -> {
                objects.forget(configuration.dsl(), checksum);
                auditLog.record(configuration.dsl(), located.volume().name(), checksum, action, cause, located.size() + " bytes");
            });
        });
    }

    /**
     * Moves a bad copy out of the way (kept for forensics under {@code quarantine/}) and drops it
     * from the inventory; a repair writes a good copy afresh.
     */
    public void quarantine(Volumes.Located located, String checksum, String cause) {
        Path quarantined = located.volume().quarantine().resolve(checksum + "." + clock.instant().toEpochMilli());
        try {
            Files.move(located.path(), quarantined, StandardCopyOption.ATOMIC_MOVE);
            Volume.syncDirectory(located.path().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot quarantine " + located.path(), e);
        }
        database.transaction(configuration -> {
            objects.forget(configuration.dsl(), checksum);
            auditLog.record(configuration.dsl(), located.volume().name(), checksum, AuditAction.QUARANTINE, cause, "kept as " + quarantined);
        });
    }

    /** Records that this node lost its copy (the file vanished, or was corrupt and could not be repaired). */
    public void recordLost(String volume, String checksum, String cause) {
        database.transaction(configuration -> {
            objects.forget(configuration.dsl(), checksum);
            auditLog.record(configuration.dsl(), volume, checksum, AuditAction.LOST, cause, null);
        });
    }

    /** Deletes the files of tombstones whose grace period ended. */
    public int purgeExpired() {
        int purged = 0;
        for (StoredObject object : objects.purgeable(clock.instant(), 1000)) {
            Volume volume = volumes.named(object.volume());
            deleteQuietly(volume.tombstone(object.checksum()));
            database.transaction(configuration -> {
                objects.forget(configuration.dsl(), object.checksum());
                auditLog.record(configuration.dsl(), volume.name(), object.checksum(), AuditAction.PURGE,
                        "grace period over", "deleted at " + object.deletedAt() + " by " + object.deletedBy());
            });
            purged++;
        }
        return purged;
    }

    /**
     * Receives the body into {@code part}, hashing it, within the room {@code reservation} holds or
     * can still take, and makes it durable; refuses it unless its SHA-256 is {@code checksum}.
     */
    private long receive(String checksum, long declaredLength, InputStream body, Path part, Volumes.Reservation reservation) {
        MessageDigest sha256 = sha256();
        long size = receiveStreamed(declaredLength, body, part, sha256, reservation);
        requireMatches(checksum, sha256);
        return size;
    }

    private static void requireMatches(String checksum, MessageDigest sha256) {
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(checksum)) {
            throw new GranaryException(ErrorCode.CONTENT_MISMATCH, "the content's SHA-256 is " + actual + ", not " + checksum
                    + "; nothing was stored", Map.of("expectedSha256", checksum, "actualSha256", actual), null);
        }
    }

    /** Reads a body to its end, hashing it and keeping nothing. */
    private static MessageDigest hashWithoutKeeping(long declaredLength, InputStream body) {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[bufferBytes(declaredLength)];
        long size = 0;
        for (int read; (read = readBody(body, buffer)) >= 0; ) {
            sha256.update(buffer, 0, read);
            size += read;
        }
        if (declaredLength >= 0 && size != declaredLength) {
            throw shortOrLong(size, declaredLength);
        }
        return sha256;
    }

    /** A large body (or one of unknown length) through the page cache, flushed to disk while it arrives. */
    private static long receiveStreamed(long declaredLength, InputStream body, Path part, MessageDigest sha256,
            Volumes.Reservation reservation) {
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
    private static int readBody(InputStream body, byte[] buffer) {
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

    private static RuntimeException storageFailure(IOException e, Path part) {
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

    private static long usableSpaceBeside(Path file) {
        try {
            return Files.getFileStore(file.getParent()).getUsableSpace();
        } catch (IOException | RuntimeException unknown) {
            return Long.MAX_VALUE;
        }
    }

    private void dropTombstone(Volume volume, String checksum) {
        deleteQuietly(volume.tombstone(checksum));
    }

    private GranaryException notHere(String checksum) {
        Optional<StoredObject> tombstone = objects.find(checksum).filter(StoredObject::deleted);
        return tombstone.map(deleted -> new GranaryException(ErrorCode.NOT_FOUND, "object " + checksum + " was deleted at "
                        + deleted.deletedAt() + " by " + deleted.deletedBy() + "; restorable until " + deleted.purgeAfter()
                        + " by writing it again"))
                .orElseGet(() -> new GranaryException(ErrorCode.NOT_FOUND, "this node holds no object " + checksum));
    }

    static void requireChecksum(String checksum) {
        if (!Checksums.isSha256(checksum)) {
            throw new GranaryException(ErrorCode.INVALID_REQUEST, "an object's name is its SHA-256: 64 lowercase hex digits, not " + checksum);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", path, e.getMessage());
        }
    }
}
