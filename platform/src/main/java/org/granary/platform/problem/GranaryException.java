package org.granary.platform.problem;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An error meant for the client: services throw it with a code and a detail that says what was
 * wrong, and {@link ProblemAdvice} renders it. Properties add machine-readable facts (a field,
 * an expected checksum) to the problem.
 */
public class GranaryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;
    private final transient Map<String, Object> properties;

    public GranaryException(ErrorCode errorCode, String detail) {
        this(errorCode, detail, Map.of(), null);
    }

    public GranaryException(ErrorCode errorCode, String detail, Map<String, Object> properties, Throwable cause) {
        super(requireNonNull(detail, "detail is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
        this.properties = Map.copyOf(properties);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
