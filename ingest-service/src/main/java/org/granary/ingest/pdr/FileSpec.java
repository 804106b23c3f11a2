package org.granary.ingest.pdr;

import org.granary.ingest.esdt.FileNames;

import static java.util.Objects.requireNonNull;

/**
 * One file a PDR announces: where the provider has it, its name, type (SCIENCE, METADATA, BROWSE,
 * ... as the provider writes it) and size, and optionally a checksum to verify while it streams in.
 *
 * @param checksumType null when the PDR gives no checksum; then checksumValue is null too
 */
public record FileSpec(String directory, String fileId, String fileType, long size, ChecksumType checksumType, String checksumValue) {
    public FileSpec {
        requireNonNull(directory, "directory is null");
        requireNonNull(fileType, "fileType is null");
        FileNames.requireSafe(fileId);
        if (directory.isBlank() || fileType.isBlank()) {
            throw new IllegalArgumentException("directory and file type must not be blank");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if ((checksumType == null) != (checksumValue == null)) {
            throw new IllegalArgumentException("a checksum needs both a type and a value");
        }
        checksumValue = checksumType == null ? null : checksumType.normalise(checksumValue);
    }
}
