package org.granary.ingest.esdt;

import static java.util.Objects.requireNonNull;

/**
 * A file name that does not follow a pattern: the message names the pattern, where in the name the
 * match stopped and what was expected there, or which field held an impossible value.
 */
public class FileNameMismatchException extends IllegalArgumentException {
    private final String fileName;
    private final String pattern;
    private final int position;

    /**
     * @param owner what the pattern belongs to (an ESDT short name), or null
     * @param position where in the name (0-based) the problem is; how far the name matched
     */
    public FileNameMismatchException(String fileName, String owner, String pattern, int position, String reason) {
        super("'" + FileNames.printable(requireNonNull(fileName, "fileName is null")) + "' does not match "
                + (owner == null ? "" : owner + " ") + "pattern '" + pattern + "': " + reason);
        this.fileName = fileName;
        this.pattern = pattern;
        this.position = position;
    }

    /**
     * Recognising a name tries the patterns in turn and each miss throws one of these: the stack
     * trace would cost more than the parse and tells nothing the message does not.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    public String fileName() {
        return fileName;
    }

    public String pattern() {
        return pattern;
    }

    /** How many characters of the name matched before the problem: the larger, the closer the name came to the pattern. */
    public int position() {
        return position;
    }
}
