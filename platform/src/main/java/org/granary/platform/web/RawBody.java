package org.granary.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;

/**
 * The whole raw body of a {@link StreamedBody} handler that takes a document of its own bounded
 * size (a PDR, a sync batch) rather than a stream.
 */
public final class RawBody {
    private RawBody() {
    }

    /**
     * The body, at most {@code maxBytes}; else 413 with {@code tooLarge} as its detail. A declared
     * length over the limit is refused before a byte is read, so a client that expects
     * {@code 100 Continue} is never asked for the body; a body without a length is refused as soon
     * as it passes the limit.
     */
    public static byte[] readAtMost(HttpServletRequest request, int maxBytes, String tooLarge) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw new GranaryException(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge);
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw new GranaryException(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge);
        }
        return body;
    }
}
