package org.granary.planner.execution;

/** A run could not be started or followed; {@code retriable} says whether trying again later may help. */
public class ExecutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public ExecutionException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
