package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Content that can be read more than once, so that a copy can be retried or sent to another node
 * without holding it in memory: typically a spooled file.
 */
public interface ContentSource {
    InputStream open() throws IOException;

    long size();

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
