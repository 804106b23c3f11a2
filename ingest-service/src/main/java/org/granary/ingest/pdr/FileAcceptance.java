package org.granary.ingest.pdr;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** The outcome of one file of a PDR, as a long PAN lists it. */
public record FileAcceptance(String directory, String fileName, PanDisposition disposition, Instant timeStamp) {
    public FileAcceptance {
        requireNonNull(directory, "directory is null");
        requireNonNull(fileName, "fileName is null");
        requireNonNull(disposition, "disposition is null");
        requireNonNull(timeStamp, "timeStamp is null");
    }

    public static FileAcceptance of(FileSpec file, PanDisposition disposition, Instant timeStamp) {
        return new FileAcceptance(file.directory(), file.fileId(), disposition, timeStamp);
    }
}
