package org.granary.platform.problem;

import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * Every error a Granary API answers with. The code is stable (clients and alerts may match on
 * it); the fault says whether the caller should change the request or we must fix something.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, Fault.CALLER, "The request could not be read"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, Fault.CALLER, "The request is not valid"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, Fault.CALLER, "A valid bearer token is required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, Fault.CALLER, "The token's role may not do this"),
    NOT_FOUND(HttpStatus.NOT_FOUND, Fault.CALLER, "No such resource"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, Fault.CALLER, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, Fault.CALLER, "No acceptable representation"),
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, Fault.CALLER, "The request body stopped arriving"),
    CONFLICT(HttpStatus.CONFLICT, Fault.CALLER, "The request conflicts with the current state"),
    GONE(HttpStatus.GONE, Fault.CALLER, "It was deleted"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, Fault.CALLER, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Fault.CALLER, "Unsupported media type"),
    RANGE_NOT_SATISFIABLE(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, Fault.CALLER, "The range is not within the content"),
    CONTENT_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, Fault.CALLER, "The content does not match what was declared"),
    PDR_DISCREPANCY(HttpStatus.UNPROCESSABLE_CONTENT, Fault.CALLER, "The Product Delivery Record is not valid"),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, Fault.CALLER, "Too many requests with a body at once"),
    HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, Fault.CALLER, "The request line and headers are too large"),
    DEPENDENCY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, Fault.SERVICE, "A service this one needs is unavailable"),
    STORAGE_FULL(HttpStatus.INSUFFICIENT_STORAGE, Fault.SERVICE, "Storage is full"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, Fault.SERVICE, "Internal error");

    /** Who has to act: the caller (change the request) or the service (operators fix it). */
    public enum Fault {
        CALLER, SERVICE
    }

    private final HttpStatus status;
    private final Fault fault;
    private final String title;

    ErrorCode(HttpStatus status, Fault fault, String title) {
        this.status = status;
        this.fault = fault;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public Fault fault() {
        return fault;
    }

    /** The fault as it appears in problems: {@code caller} or {@code service}. */
    public String faultName() {
        return fault.name().toLowerCase(Locale.ROOT);
    }

    public String title() {
        return title;
    }

    /** The code as it appears in problems, e.g. {@code content-mismatch}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ErrorCode forStatus(int status) {
        for (ErrorCode code : values()) {
            if (code.status.value() == status) {
                return code;
            }
        }
        return status >= 500 ? INTERNAL : INVALID_REQUEST;
    }
}
