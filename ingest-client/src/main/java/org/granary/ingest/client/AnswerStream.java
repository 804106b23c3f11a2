package org.granary.ingest.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * A body read as it arrives. Read to its end, its connection goes back to the pool; closed
 * before (a download given up on), its connection is dropped rather than the rest of a possibly
 * large file read for nothing.
 */
final class AnswerStream extends FilterInputStream {
    private final ClassicHttpResponse response;
    private boolean ended;

    AnswerStream(ClassicHttpResponse response) throws IOException {
        super(response.getEntity().getContent());
        this.response = response;
    }

    @Override
    public int read() throws IOException {
        int read = super.read();
        ended |= read < 0;
        return read;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        ended |= read < 0;
        return read;
    }

    @Override
    public void close() throws IOException {
        if (!ended && in instanceof EofSensorInputStream sensor) {
            sensor.abort();
            return;
        }
        try (response) {
            super.close();
        }
    }
}
