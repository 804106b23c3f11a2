package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Content for a write: usually readable more than once, so that a copy can be retried or sent to
 * another node without holding it in memory (a spooled file).
 */
public interface ContentSource {
    InputStream open() throws IOException;

    long size();

    /** A stream that can be opened once: for a write that cannot be retried (see {@link ArchiveClient#putOnce}). */
    static ContentSource once(InputStream stream, long size) {
        java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();
        return new ContentSource() {
            @Override
            public InputStream open() throws IOException {
                if (opened.getAndSet(true)) {
                    throw new IOException("this content can be read only once");
                }
                return stream;
            }

            @Override
            public long size() {
                return size;
            }
        };
    }

    static ContentSource ofFile(Path file) throws IOException {
        long size = Files.size(file);
        return new ContentSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public long size() {
                return size;
            }
        };
    }
}
