package org.granary.archive.object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
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
    
    private final Volumes volumes;
    private final StoredObjects objects;
    private final ProvisionalWrites provisionalWrites;
    private final AuditLog auditLog;
    private final DSLContext database;
    private final ArchiveProperties properties;
    private final Clock clock;
    private final io.micrometer.core.instrument.MeterRegistry metrics;

    public ObjectStore(Volumes volumes, StoredObjects objects, ProvisionalWrites provisionalWrites, AuditLog auditLog, DSLContext database,
            ArchiveProperties properties, Clock clock, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.volumes = volumes;
        this.objects = objects;
        this.provisionalWrites = provisionalWrites;
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
        return put(checksum, declaredLength, body, action, cause, null, null);
    }

    /**
     * As {@link #put(String, long, InputStream, AuditAction, String)}, for a client's put that may
     * fail as a whole: an object this write makes can be withdrawn with {@code writeId} (null: it
     * cannot) until another write relies on it. A copy or repair carries {@code writtenAt}, the
     * time of the client's write it copies (null: now); one older than a tombstone here is refused
     * with 410, so that a stale copy never brings a deleted object back, while a client's write
     * after a delete restores the object (audited as {@code restore}).
     */
    public PutOutcome put(String checksum, long declaredLength, InputStream body, AuditAction action, String cause, UUID writeId,
            Instant writtenAt) {
        requireChecksum(checksum);
        Instant written = action == AuditAction.WRITE || writtenAt == null ? clock.instant() : writtenAt;
        if (action != AuditAction.WRITE) {
            refuseOverTombstone(checksum, written);
        }
        Optional<Volumes.Located> existing = volumes.locate(checksum);
        if (existing.isPresent()) {
            return putOverExisting(checksum, declaredLength, body, existing.get(), cause, writeId);
        }
        Volumes.Reservation reservation = volumes.reserveForWrite(declaredLength);
        Volume volume = reservation.volume();
        Path part = volume.incoming().resolve(checksum + "." + UUID.randomUUID() + ".part");
        boolean published = false;
        try {
            Received received = stage("receive", () -> IncomingBody.receive(checksum, declaredLength, body, part, reservation, written));
            if (writeId != null) {
                // Before the object is visible: a write that finds it here claims it from then on.
                provisionalWrites.mark(checksum, writeId);
            }
            stage("publish", () -> {
                publish(volume, checksum, part);
                return null;
            });
            published = true;
            boolean wasDeleted = stage("record", () -> objects.recordWritten(checksum, volume.name(), received, action, cause,
                    received.size() + " bytes"));
            if (wasDeleted) {
                dropTombstone(volume, checksum);
                auditLog.record(volume.name(), checksum, AuditAction.RESTORE, cause, "written again after its delete");
            }
            return PutOutcome.CREATED;
        } finally {
            if (!published) {
                deleteQuietly(part);
            }
            reservation.close();
        }
    }

    /**
     * A write of an object this node holds already: the body is compared with the copy as both
     * are read (and hashed against the name, as any write), so a copy that rotted is never
     * counted as durable. When they differ, the body is stored in its place (the bytes read so far
     * come from the copy, which matched them) and the old copy is kept in quarantine.
     */
    private PutOutcome putOverExisting(String checksum, long declaredLength, InputStream body, Volumes.Located located, String cause,
            UUID writeId) {
        MessageDigest sha256 = IncomingBody.sha256();
        byte[] incoming = new byte[IncomingBody.bufferBytes(declaredLength)];
        byte[] stored = new byte[incoming.length];
        long offset = 0;
        try (FileChannel copy = FileChannel.open(located.path(), StandardOpenOption.READ)) {
            for (int read; (read = IncomingBody.readBody(body, incoming)) >= 0; offset += read) {
                sha256.update(incoming, 0, read);
                int have = IncomingBody.readAt(copy, stored, offset, read);
                if (have < read || Arrays.mismatch(incoming, 0, read, stored, 0, read) >= 0) {
                    InputStream whole = new SequenceInputStream(IncomingBody.prefixOf(located.path(), offset),
                            new SequenceInputStream(new ByteArrayInputStream(incoming, 0, read), body));
                    return replaceCorrupt(checksum, declaredLength, whole, located, "differs from the body from byte " + offset, cause);
                }
            }
            if (declaredLength >= 0 && offset != declaredLength) {
                throw IncomingBody.shortOrLong(offset, declaredLength);
            }
            IncomingBody.requireMatches(checksum, sha256);
            if (copy.size() != offset) {
                return replaceCorrupt(checksum, offset, IncomingBody.prefixOf(located.path(), offset), located,
                        "has " + copy.size() + " bytes, not " + offset, cause);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + located.path(), e);
        }
        confirm(checksum, located, writeId);
        return PutOutcome.EXISTED;
    }

    /** The verified body replaces a copy that differs from it; the old copy stays in quarantine for forensics. */
    private PutOutcome replaceCorrupt(String checksum, long declaredLength, InputStream body, Volumes.Located located, String difference,
            String cause) {
        Volume volume = located.volume();
        Path part = volume.incoming().resolve(checksum + "." + UUID.randomUUID() + ".part");
        try (body; Volumes.Reservation reservation = volumes.reserveOn(volume, declaredLength)) {
            // The same content: the row keeps the time of the write it came from.
            Received received = IncomingBody.receive(checksum, declaredLength, body, part, reservation, Instant.EPOCH);
            Path kept = volume.quarantine().resolve(checksum + "." + clock.instant().toEpochMilli());
            Files.createLink(kept, located.path());
            Files.move(part, located.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Volume.syncDirectory(located.path().getParent());
            Volume.syncDirectory(kept.getParent());
            String why = "the copy here " + difference;
            database.transaction(configuration -> auditLog.record(configuration.dsl(), volume.name(), checksum, AuditAction.QUARANTINE,
                    "write over it: " + why, "kept as " + kept));
            objects.recordWritten(checksum, volume.name(), received, AuditAction.REPAIR, cause + "; " + why, received.size() + " bytes");
            log.warn("replaced the corrupt copy of {} on volume {} by the verified body of a write: {}", checksum, volume.name(), why);
            return PutOutcome.CREATED;
        } catch (IOException e) {
            throw IncomingBody.storageFailure(e, part);
        } finally {
            deleteQuietly(part);
        }
    }

    /**
     * A write found the object here and relies on it: the copy is recorded (covering a crash
     * between a rename and its commit) and no failed put may withdraw it any more; 503 when one
     * withdrew it meanwhile (the write is tried again, and makes it anew).
     */
    private void confirm(String checksum, Volumes.Located located, UUID writeId) {
        boolean stillHere = database.transactionResult(configuration -> {
            provisionalWrites.claim(configuration.dsl(), checksum, writeId);
            if (!Files.exists(located.path())) {
                return false;
            }
            objects.recordIfMissing(configuration.dsl(), checksum, located.volume().name(), located.size());
            return true;
        });
        if (!stillHere) {
            throw new GranaryException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the copy of " + checksum
                    + " here was withdrawn meanwhile by the put that made it; write it again");
        }
    }

    /**
     * Removes the copy a client's put made ({@code writeId}) after that put failed as a whole, unless
     * another write relies on it (it found the object here, or made it at the same time). Not a
     * tombstone: the object was never acknowledged. True when the copy was withdrawn.
     */
    public boolean withdraw(String checksum, UUID writeId, String withdrawnBy) {
        requireChecksum(checksum);
        return database.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            if (!provisionalWrites.lockOwn(transaction, checksum, writeId)) {
                return false;
            }
            Optional<Volumes.Located> located = volumes.locate(checksum);
            if (located.isPresent()) {
                Files.deleteIfExists(located.get().path());
                Volume.syncDirectory(located.get().path().getParent());
                objects.forget(transaction, checksum);
                auditLog.record(transaction, located.get().volume().name(), checksum, AuditAction.DELETE,
                        "withdrawn by " + withdrawnBy + ": the put that made it failed", "write " + writeId);
            }
            provisionalWrites.claim(transaction, checksum, null);
            return true;
        });
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
            throw IncomingBody.storageFailure(e, target);
        }
    }

    /** The file of a live object, if this node has one. */
    public Optional<Volumes.Located> find(String checksum) {
        requireChecksum(checksum);
        return volumes.locate(checksum);
    }

    /** The file of a live object, or 404 saying whether and when it was deleted. */
    public Volumes.Located read(String checksum) {
        requireChecksum(checksum);
        return volumes.locate(checksum).orElseThrow(() -> notHere(checksum));
    }

    /**
     * Records the object as deleted at {@code deletedAt}: a copy here is kept aside as a tombstone
     * until the grace period ends; without a copy, the tombstone alone is kept. A copy written
     * after {@code deletedAt} (a restore the delete did not know of) stays, and a tombstone already
     * here is answered as it is.
     */
    public StoredObject delete(String checksum, String deletedBy, Instant deletedAt) {
        requireChecksum(checksum);
        Optional<StoredObject> known = objects.find(checksum);
        if (known.isPresent() && (known.get().deleted() || known.get().writtenAt().isAfter(deletedAt))) {
            return known.get();
        }
        Optional<Volumes.Located> located = volumes.locate(checksum);
        located.ifPresent(copy -> moveToTombstones(copy, checksum));
        String volume = located.map(copy -> copy.volume().name()).orElse(known.map(StoredObject::volume).orElse(null));
        Instant purgeAfter = deletedAt.plus(properties.deleteGracePeriod());
        database.transaction(configuration -> {
            objects.markDeleted(configuration.dsl(), checksum, volume, located.map(Volumes.Located::size).orElse(0L), deletedBy, deletedAt,
                    purgeAfter);
            auditLog.record(configuration.dsl(), volume, checksum, AuditAction.DELETE, "deleted by " + deletedBy,
                    located.isPresent() ? "restorable until " + purgeAfter : "tombstone only: no copy here");
        });
        return objects.find(checksum).orElseThrow();
    }

    private static void moveToTombstones(Volumes.Located copy, String checksum) {
        try {
            Path tombstone = copy.volume().tombstone(checksum);
            Files.move(copy.path(), tombstone, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Volume.syncDirectory(tombstone.getParent());
            Volume.syncDirectory(copy.path().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + checksum + " to the tombstones of " + copy.volume().name(), e);
        }
    }

    /** The object's tombstone here, if it was deleted. */
    public Optional<StoredObject> tombstone(String checksum) {
        return objects.find(checksum).filter(StoredObject::deleted);
    }

    /** 410 when the object was deleted here after the write a copy of it comes from. */
    private void refuseOverTombstone(String checksum, Instant writtenAt) {
        Optional<StoredObject> tombstone = objects.find(checksum).filter(StoredObject::deleted)
                .filter(deleted -> !writtenAt.isAfter(deleted.deletedAt()));
        if (tombstone.isPresent()) {
            throw new GranaryException(ErrorCode.GONE, "object " + checksum + " was deleted at " + tombstone.get().deletedAt() + " by "
                    + tombstone.get().deletedBy() + "; a copy of the write of " + writtenAt + " does not bring it back",
                    Map.of("deletedAt", tombstone.get().deletedAt().toString()), null);
        }
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
            Received received = IncomingBody.receive(checksum, from.size(), in, part, reservation, Instant.EPOCH);
            publish(to, checksum, part);
            objects.recordWritten(checksum, to.name(), received, AuditAction.RELOCATE, cause, "from volume " + from.volume().name());
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

    /** Deletes the files of tombstones whose grace period ended; the tombstones stay. */
    public int purgeExpired() {
        int purged = 0;
        for (StoredObject object : objects.purgeable(clock.instant(), 1000)) {
            Volume volume = volumes.named(object.volume());
            deleteQuietly(volume.tombstone(object.checksum()));
            database.transaction(configuration -> {
                objects.markPurged(configuration.dsl(), object.checksum());
                auditLog.record(configuration.dsl(), volume.name(), object.checksum(), AuditAction.PURGE,
                        "grace period over", "deleted at " + object.deletedAt() + " by " + object.deletedBy());
            });
            purged++;
        }
        return purged;
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

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", path, e.getMessage());
        }
    }
}
