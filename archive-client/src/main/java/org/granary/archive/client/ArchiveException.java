package org.granary.archive.client;

/**
 * An archive operation that failed. {@link #retriable()} says whether trying again later may
 * succeed (nodes down, timeouts) or never will (content does not match its name, refused token).
 */
public class ArchiveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;
    private final int status;

    public ArchiveException(String message, boolean retriable, int status, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
        this.status = status;
    }

    public boolean retriable() {
        return retriable;
    }

    /** The HTTP status a node answered, or 0 when none answered. */
    public int status() {
        return status;
    }
}
