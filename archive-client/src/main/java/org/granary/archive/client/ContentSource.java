package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Content that can be read more than once, so that a copy can be retried or sent to another node:
 * typically a spooled file, or a small file held in memory.
 */
public interface ContentSource {
    InputStream open() throws IOException;

    long size();

    /** Small content held whole; sent as it is, without a stream to read it through. */
    static ContentSource ofBytes(byte[] bytes) {
        return new InMemory(bytes);
    }

    /**
     * Content held in memory; sent from its array as it is. A class, not a record: a record's
     * equals and hashCode would compare the array by identity, not by content.
     */
    final class InMemory implements ContentSource {
        private final byte[] bytes;

        public InMemory(byte[] bytes) {
            this.bytes = java.util.Objects.requireNonNull(bytes, "bytes is null");
        }

        /** The content itself, not a copy: callers must not change it. */
        public byte[] bytes() {
            return bytes;
        }

        @Override
        public InputStream open() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public long size() {
            return bytes.length;
        }
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
