package org.granary.ingest.delivery;

import static java.util.Objects.requireNonNull;

/** A file of a delivery with its disposition, as the PAN lists it. */
record SettledFile(String directory, String fileName, String disposition) {
    SettledFile {
        requireNonNull(directory, "directory is null");
        requireNonNull(fileName, "fileName is null");
        requireNonNull(disposition, "disposition is null");
    }
}
