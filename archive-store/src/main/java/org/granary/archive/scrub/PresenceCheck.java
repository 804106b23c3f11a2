package org.granary.archive.scrub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.granary.archive.object.StoredObject;
import org.granary.archive.object.StoredObjects;
import org.granary.archive.volume.Volume;
import org.granary.archive.volume.Volumes;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Lists each volume's object files against the inventory, both in checksum order, without reading
 * any file: an inventoried copy whose file is gone is handed on as missing; a file the inventory
 * lacks (a crash between its rename and its commit) is recorded. Neither side is held in memory:
 * the inventory is read in keyset pages and the folders are listed one at a time.
 */
@Component
class PresenceCheck {
    private static final Logger log = LoggerFactory.getLogger(PresenceCheck.class);
    private static final int PAGE = 1000;

    private final Volumes volumes;
    private final StoredObjects objects;
    private final DSLContext database;

    PresenceCheck(Volumes volumes, StoredObjects objects, DSLContext database) {
        this.volumes = volumes;
        this.objects = objects;
        this.database = database;
    }

    /** Checks every volume; {@code missing} gets each inventoried copy whose file was not listed. */
    void run(Consumer<StoredObject> missing) {
        for (Volume volume : volumes.all()) {
            try (Stream<String> files = volume.objectChecksums()) {
                merge(inventory(volume).iterator(), files.iterator(), missing, checksum -> recordFound(volume, checksum));
            }
        }
    }

    /** Walks two checksum-ordered sequences side by side, handing on what only one of them holds. */
    static void merge(Iterator<StoredObject> inventory, Iterator<String> files, Consumer<StoredObject> missing,
            Consumer<String> unrecorded) {
        StoredObject row = next(inventory);
        String file = next(files);
        while (row != null || file != null) {
            int order = row == null ? 1 : file == null ? -1 : row.checksum().compareTo(file);
            if (order <= 0) {
                if (order < 0) {
                    missing.accept(row);
                }
                row = next(inventory);
            }
            if (order >= 0) {
                if (order > 0) {
                    unrecorded.accept(file);
                }
                file = next(files);
            }
        }
    }

    private Stream<StoredObject> inventory(Volume volume) {
        return Stream.iterate(objects.livePageOn(volume.name(), "", PAGE), page -> !page.isEmpty(),
                        page -> page.size() < PAGE ? List.of() : objects.livePageOn(volume.name(), page.getLast().checksum(), PAGE))
                .flatMap(List::stream);
    }

    private void recordFound(Volume volume, String checksum) {
        try {
            long size = Files.size(volume.objectPath(checksum));
            if (objects.recordIfMissing(database, checksum, volume.name(), size)) {
                log.warn("presence check: recorded {} found on volume {} without an inventory row", checksum, volume.name());
            }
        } catch (NoSuchFileException removedMeanwhile) {
            // nothing to record
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + checksum + " on volume " + volume.name(), e);
        }
    }

    private static <T> T next(Iterator<T> sequence) {
        return sequence.hasNext() ? sequence.next() : null;
    }
}
