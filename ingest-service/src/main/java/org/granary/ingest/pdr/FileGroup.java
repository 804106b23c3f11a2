package org.granary.ingest.pdr;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The files of one granule of one data type (ESDT).
 *
 * @param dataVersion the collection the provider names, null if it names none
 * @param nodeName the host the files can be pulled from, null if the PDR gives none
 * @param beginning the observation start, null if the PDR gives none (level 0 data takes its times from here)
 */
public record FileGroup(String dataType, Integer dataVersion, String nodeName, Instant beginning, Instant ending,
                        List<FileSpec> fileSpecs) {
    public FileGroup {
        requireNonNull(dataType, "dataType is null");
        requireNonNull(fileSpecs, "fileSpecs is null");
        fileSpecs = List.copyOf(fileSpecs);
        if (dataType.isBlank()) {
            throw new IllegalArgumentException("data type must not be blank");
        }
        if (fileSpecs.isEmpty()) {
            throw new IllegalArgumentException("a file group needs at least one file");
        }
        if (beginning != null && ending != null && ending.isBefore(beginning)) {
            throw new IllegalArgumentException("ending " + ending + " is before beginning " + beginning);
        }
    }
}
