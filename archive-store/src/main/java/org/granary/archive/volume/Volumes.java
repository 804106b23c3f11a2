package org.granary.archive.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.granary.archive.ArchiveProperties;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.stereotype.Service;

/** The volumes of this node, their states, and which one takes a new object. */
@Service
public class Volumes {
    private final List<Volume> volumes;
    private final long minimumFreeBytes;
    private final VolumeStates savedStates;
    private final Map<String, VolumeState> states = new ConcurrentHashMap<>();
    /** Per volume, what the writes in progress have reserved and not written yet (see {@link Reservation}). */
    private final Map<String, AtomicLong> reserved = new ConcurrentHashMap<>();

    Volumes(ArchiveProperties properties, VolumeStates savedStates) {
        this.volumes = properties.volumes().stream().map(config -> new Volume(config.name(), config.path().toAbsolutePath())).toList();
        this.minimumFreeBytes = properties.minimumFreeBytes();
        this.savedStates = savedStates;
        for (Volume volume : volumes) {
            reserved.put(volume.name(), new AtomicLong());
            try {
                volume.prepare();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare volume " + volume.name() + " at " + volume.root(), e);
            }
        }
        states.putAll(savedStates.all());
    }

    public List<Volume> all() {
        return volumes;
    }

    public Volume named(String name) {
        return volumes.stream().filter(volume -> volume.name().equals(name)).findFirst()
                .orElseThrow(() -> new GranaryException(ErrorCode.NOT_FOUND, "this node has no volume " + name));
    }

    public VolumeState state(Volume volume) {
        return states.getOrDefault(volume.name(), VolumeState.ACTIVE);
    }

    public void setState(String name, VolumeState state) {
        Volume volume = named(name);
        savedStates.save(volume.name(), state);
        states.put(volume.name(), state);
    }

    public boolean draining(String volumeName) {
        return states.getOrDefault(volumeName, VolumeState.ACTIVE) == VolumeState.DRAINING;
    }

    /** Where a live copy of the object is on this node, if any. */
    public Optional<Located> locate(String checksum) {
        for (Volume volume : volumes) {
            Path path = volume.objectPath(checksum);
            // Asked first because a missing file costs Files.size an exception, and most writes look for an object not yet here.
            if (!Files.isRegularFile(path)) {
                continue;
            }
            try {
                return Optional.of(new Located(volume, path, Files.size(path)));
            } catch (java.nio.file.NoSuchFileException deletedMeanwhile) {
                // try the next volume
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        return Optional.empty();
    }

    /**
     * Reserves room for a new object on the active volume with the most room: {@code bytes} (its
     * declared length; a length not known reserves nothing yet) while keeping the minimum free,
     * counting what the writes in progress hold; 507 when no volume has it, before anything is
     * written. The write holds its reservation until it closes it.
     */
    public synchronized Reservation reserveForWrite(long bytes) {
        long wanted = Math.max(bytes, 0);
        List<Volume> active = volumes.stream().filter(volume -> state(volume) == VolumeState.ACTIVE).toList();
        if (active.isEmpty()) {
            throw new GranaryException(ErrorCode.STORAGE_FULL, "no volume of this node takes writes (all read-only or draining)");
        }
        // One statfs per volume: free space is read once, not again for the comparison and the message.
        Map<Volume, Long> free = new java.util.HashMap<>();
        active.forEach(volume -> free.put(volume, volume.freeBytes() - reservedBytes(volume)));
        Volume roomiest = active.stream().max(Comparator.comparingLong(free::get)).orElseThrow();
        if (free.get(roomiest) - wanted < minimumFreeBytes) {
            throw new GranaryException(ErrorCode.STORAGE_FULL, "no volume of this node has room for " + wanted + " bytes while keeping "
                    + minimumFreeBytes + " bytes free (largest free, less what writes in progress reserved: " + free.get(roomiest) + ")");
        }
        return new Reservation(roomiest, wanted);
    }

    /**
     * Reserves room on one volume, for a copy that must go there (it replaces a corrupt copy on
     * it): as {@link #reserveForWrite}, without choosing the volume.
     */
    public synchronized Reservation reserveOn(Volume volume, long bytes) {
        requireRoom(volume, Math.max(bytes, 0));
        return new Reservation(volume, Math.max(bytes, 0));
    }

    /** Bytes that writes in progress on the volume have reserved and not written yet. */
    public long reservedBytes(Volume volume) {
        return reserved.get(volume.name()).get();
    }

    /** Whether the volume takes new objects: it is active and has more than the minimum free beyond what writes hold. */
    public boolean takesWrites(Volume volume) {
        return state(volume) == VolumeState.ACTIVE && volume.freeBytes() - reservedBytes(volume) > minimumFreeBytes;
    }

    public long minimumFreeBytes() {
        return minimumFreeBytes;
    }

    /** Takes {@code bytes} more for a reservation if the volume has them beyond the minimum free and what other writes hold. */
    private synchronized void grow(Volume volume, long bytes) {
        requireRoom(volume, bytes);
        reserved.get(volume.name()).addAndGet(bytes);
    }

    private void requireRoom(Volume volume, long bytes) {
        if (volume.freeBytes() - reservedBytes(volume) - bytes < minimumFreeBytes) {
            throw new GranaryException(ErrorCode.STORAGE_FULL, "volume " + volume.name() + " has no room for more of this write while keeping "
                    + minimumFreeBytes + " bytes free; nothing was stored");
        }
    }

    /**
     * Room a write in progress holds on its volume, so that parallel writes cannot together take
     * what each alone may: the bytes reserved and not yet written count against the volume's free
     * space for every other write. Not shared between threads; closing it releases what is left.
     */
    public final class Reservation implements AutoCloseable {
        private final Volume volume;
        private long holding;
        private long writing;

        private Reservation(Volume volume, long bytes) {
            this.volume = volume;
            reserved.get(volume.name()).addAndGet(bytes);
            this.holding = bytes;
        }

        public Volume volume() {
            return volume;
        }

        /** Before {@code bytes} are written: taken from what is held, and what is not held yet is reserved now, or 507. */
        public void beforeWriting(long bytes) {
            if (bytes > holding) {
                grow(volume, bytes - holding);
                holding = bytes;
            }
            writing = bytes;
        }

        /** After the bytes announced are written: the volume's free space counts them now, so they are held no longer. */
        public void written() {
            release(writing);
            writing = 0;
        }

        @Override
        public void close() {
            release(holding);
        }

        private void release(long bytes) {
            reserved.get(volume.name()).addAndGet(-bytes);
            holding -= bytes;
        }
    }

    /** A live copy on this node. */
    public record Located(Volume volume, Path path, long size) {
    }
}
