package org.granary.planner.client;

/**
 * A call to the planner that failed: the HTTP status (0 when the planner did not answer), the
 * problem's stable {@code code} (null when there was none), and whether trying again later may
 * succeed (the planner or a service it needs was down) or never will (the request is wrong or refused).
 */
public class PlannerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final boolean retriable;

    public PlannerException(String message, int status, String code, boolean retriable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.retriable = retriable;
    }

    public int status() {
        return status;
    }

    /** The problem's code, e.g. {@code conflict}; null when the planner did not answer with a problem. */
    public String code() {
        return code;
    }

    public boolean retriable() {
        return retriable;
    }
}
