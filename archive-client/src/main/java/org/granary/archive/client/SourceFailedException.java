package org.granary.archive.client;

import java.io.IOException;

/**
 * The content of a {@link ArchiveClient#putOnce} could not be read to its declared size: reading
 * it failed, or it ended early (a station's upload broke off). The caller's fault, not the
 * archive's: every copy was abandoned before its node had the whole object, so no node kept
 * anything. Node failures are {@link ArchiveException}s instead.
 */
public final class SourceFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long bytesRead;

    public SourceFailedException(String message, long bytesRead, Throwable cause) {
        super(message, cause);
        this.bytesRead = bytesRead;
    }

    /** How many bytes of the content were read before it failed. */
    public long bytesRead() {
        return bytesRead;
    }
}
