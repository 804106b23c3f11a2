package org.granary.archive.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.granary.archive.client.Checksums;

import static java.util.Objects.requireNonNull;

/**
 * One folder of objects. An object lives at {@code objects/ab/cd/abcd...}: two levels of 256
 * folders keep every folder small at millions of objects. Uploads are written under
 * {@code incoming/} and renamed into place only when complete and verified; corrupt copies go to
 * {@code quarantine/}, deleted ones to {@code tombstones/} until purged.
 */
public record Volume(String name, Path root) {
    public Volume {
        requireNonNull(name, "name is null");
        requireNonNull(root, "root is null");
    }

    /**
     * Finding a path's file store reads the whole mount table (a tenth of a node's work per write
     * when done every time); the store's space queries then go to the path itself, so it is kept.
     */
    private static final ConcurrentHashMap<Path, FileStore> FILE_STORES = new ConcurrentHashMap<>();

    private FileStore fileStore() throws IOException {
        FileStore store = FILE_STORES.get(root);
        if (store == null) {
            store = Files.getFileStore(root);
            FILE_STORES.put(root, store);
        }
        return store;
    }

    public Path objectPath(String checksum) {
        return root.resolve("objects").resolve(checksum.substring(0, 2)).resolve(checksum.substring(2, 4)).resolve(checksum);
    }

    /**
     * The checksums of the object files on this volume, in order. Each folder is listed on its
     * own, when the walk reaches it, so no more than one folder's names are held at a time; a name
     * that is not a checksum, or a file in a folder not its own, is left out.
     */
    public Stream<String> objectChecksums() {
        return sortedListing(root.resolve("objects")).flatMap(Volume::sortedListing).flatMap(Volume::sortedListing)
                .filter(file -> Checksums.isSha256(file.getFileName().toString()) && objectPath(file.getFileName().toString()).equals(file))
                .map(file -> file.getFileName().toString());
    }

    private static Stream<Path> sortedListing(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Stream.empty();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted(Comparator.comparing(entry -> entry.getFileName().toString())).toList().stream();
        } catch (NoSuchFileException removedMeanwhile) {
            return Stream.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    public Path incoming() {
        return root.resolve("incoming");
    }

    public Path quarantine() {
        return root.resolve("quarantine");
    }

    public Path tombstone(String checksum) {
        return root.resolve("tombstones").resolve(checksum);
    }

    public long freeBytes() {
        try {
            return fileStore().getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read free space of volume " + name, e);
        }
    }

    public long totalBytes() {
        try {
            return fileStore().getTotalSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read capacity of volume " + name, e);
        }
    }

    /**
     * Creates the folders an object's file goes in, syncing each parent whose entries changed, so
     * that a rename into them survives a power cut.
     */
    public void createObjectFolders(String checksum) throws IOException {
        Path folder = objectPath(checksum).getParent();
        if (Files.isDirectory(folder)) {
            return;
        }
        Path objects = root.resolve("objects");
        Path first = objects.resolve(checksum.substring(0, 2));
        for (Path level : new Path[] {first, folder}) {
            if (!Files.isDirectory(level)) {
                try {
                    Files.createDirectory(level);
                } catch (java.nio.file.FileAlreadyExistsException concurrent) {
                    // another upload created it at the same moment
                }
                syncDirectory(level.getParent());
            }
        }
    }

    /** fsync of a folder: makes the creation, rename or removal of its entries durable. */
    public static void syncDirectory(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Creates the volume's folders and removes uploads a crash interrupted: nothing is in flight at start. */
    public void prepare() throws IOException {
        for (Path folder : new Path[] {root.resolve("objects"), incoming(), quarantine(), root.resolve("tombstones")}) {
            Files.createDirectories(folder);
        }
        try (var leftovers = Files.list(incoming())) {
            for (Path leftover : leftovers.toList()) {
                Files.deleteIfExists(leftover);
            }
        }
        syncDirectory(incoming());
    }
}
