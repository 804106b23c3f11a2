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

    Volumes(ArchiveProperties properties, VolumeStates savedStates) {
        this.volumes = properties.volumes().stream().map(config -> new Volume(config.name(), config.path().toAbsolutePath())).toList();
        this.minimumFreeBytes = properties.minimumFreeBytes();
        this.savedStates = savedStates;
        for (Volume volume : volumes) {
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
     * The active volume with the most free space that can take {@code bytes} and keep the
     * minimum free; 507 when none can, before anything is written.
     */
    public Volume chooseForWrite(long bytes) {
        List<Volume> active = volumes.stream().filter(volume -> state(volume) == VolumeState.ACTIVE).toList();
        if (active.isEmpty()) {
            throw new GranaryException(ErrorCode.STORAGE_FULL, "no volume of this node takes writes (all read-only or draining)");
        }
        // One statfs per volume: free space is read once, not again for the comparison and the message.
        Map<Volume, Long> free = new java.util.HashMap<>();
        active.forEach(volume -> free.put(volume, volume.freeBytes()));
        Volume roomiest = active.stream().max(Comparator.comparingLong(free::get)).orElseThrow();
        if (free.get(roomiest) - Math.max(bytes, 0) < minimumFreeBytes) {
            throw new GranaryException(ErrorCode.STORAGE_FULL, "no volume of this node has room for " + Math.max(bytes, 0)
                    + " bytes while keeping " + minimumFreeBytes + " bytes free (largest free: " + free.get(roomiest) + ")");
        }
        return roomiest;
    }

    public boolean writable() {
        return volumes.stream().anyMatch(volume -> state(volume) == VolumeState.ACTIVE);
    }

    /** A live copy on this node. */
    public record Located(Volume volume, Path path, long size) {
    }
}
