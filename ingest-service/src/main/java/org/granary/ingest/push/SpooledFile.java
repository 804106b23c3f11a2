package org.granary.ingest.push;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/** A pushed file in the spool with what hashing it on arrival found; closing deletes it. */
public record SpooledFile(Path path, long size, String sha256, String md5, long cksum) implements AutoCloseable {
    public SpooledFile {
        requireNonNull(path, "path is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(md5, "md5 is null");
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the spool is emptied at start as well
        }
    }
}
