package org.granary.patches;

/** Why patches could not be applied; the message is written for the DBA who reads it. */
public class PatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PatchException(String message) {
        super(message);
    }

    public PatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
