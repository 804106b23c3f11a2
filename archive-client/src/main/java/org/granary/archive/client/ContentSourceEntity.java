package org.granary.archive.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/** A {@link ContentSource} as a request body: of a known length, and opened afresh for each attempt, so it can be sent again. */
final class ContentSourceEntity extends AbstractHttpEntity {
    private static final int BUFFER_BYTES = 64 << 10;

    private final ContentSource source;

    ContentSourceEntity(ContentSource source) {
        super(ContentType.APPLICATION_OCTET_STREAM, null);
        this.source = source;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public long getContentLength() {
        return source.size();
    }

    @Override
    public InputStream getContent() throws IOException {
        return source.open();
    }

    @Override
    public boolean isStreaming() {
        return false;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = source.open()) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
            }
        }
    }

    @Override
    public void close() {
        // each write opens and closes its own stream
    }
}
