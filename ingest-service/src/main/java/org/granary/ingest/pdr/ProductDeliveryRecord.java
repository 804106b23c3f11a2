package org.granary.ingest.pdr;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A PDR that passed every check: who sent it, and the files it announces, by granule.
 *
 * @param expirationTime when the provider may delete the files; null if the PDR gives none or none that is a
 *                       real time (EDOS has been seen to write 999-99-99T99:99:99Z)
 */
public record ProductDeliveryRecord(String originatingSystem, int totalFileCount, Instant expirationTime, List<FileGroup> fileGroups) {
    public ProductDeliveryRecord {
        requireNonNull(originatingSystem, "originatingSystem is null");
        requireNonNull(fileGroups, "fileGroups is null");
        fileGroups = List.copyOf(fileGroups);
        if (originatingSystem.isBlank()) {
            throw new IllegalArgumentException("originating system must not be blank");
        }
        int files = fileGroups.stream().mapToInt(group -> group.fileSpecs().size()).sum();
        if (files == 0 || totalFileCount != files) {
            throw new IllegalArgumentException("total file count " + totalFileCount + " must be the number of files, " + files);
        }
    }

    public List<FileSpec> fileSpecs() {
        return fileGroups.stream().flatMap(group -> group.fileSpecs().stream()).toList();
    }
}
