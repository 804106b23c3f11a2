package org.granary.platform.problem;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.ProblemDetail;

/**
 * What a request is answered when the servlet container refused it outside any handler: Tomcat's
 * checks of the request line and headers, a body that stopped arriving or ended early, a path no
 * handler serves. Tomcat leaves a status, perhaps a message and an exception; this makes them a
 * problem with one of our codes. Failures that are ours (5xx) and {@link GranaryException}s are
 * not refusals: {@link ProblemAdvice} renders those.
 */
final class ContainerProblems {
    /** Tomcat says so in its server's language, through the same string manager. */
    private static final String HEADERS_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
            .getString("iib.requestheadertoolarge.error");

    private ContainerProblems() {
    }

    static Optional<ProblemDetail> refusal(int status, Throwable exception, String message) {
        if (Problems.cause(exception, GranaryException.class).isPresent()) {
            return Optional.empty();
        }
        if (Problems.cause(exception, SocketTimeoutException.class).isPresent() || status == 408) {
            return Optional.of(Problems.of(ErrorCode.REQUEST_TIMEOUT,
                    "the request body stopped arriving: no byte came within the read timeout"));
        }
        if (Problems.cause(exception, EOFException.class).isPresent()) {
            return Optional.of(Problems.of(ErrorCode.MALFORMED_REQUEST, "the request body ended before its declared end"));
        }
        if (exception != null && HEADERS_TOO_LARGE.equals(exception.getMessage())) {
            return Optional.of(Problems.of(ErrorCode.HEADERS_TOO_LARGE,
                    "the request line and headers are larger than this service accepts"));
        }
        ErrorCode code = switch (status) {
            // Tomcat's 501 and 505 answer a transfer encoding or an HTTP version it does not speak.
            case 400, 501, 505 -> ErrorCode.MALFORMED_REQUEST;
            default -> ErrorCode.forStatus(status);
        };
        if (code.fault() == ErrorCode.Fault.SERVICE) {
            return Optional.empty();
        }
        String detail = code == ErrorCode.NOT_FOUND ? "no such resource"
                : code == ErrorCode.MALFORMED_REQUEST ? "the request could not be read" : code.title();
        return Optional.of(Problems.of(code, detail + reason(exception, message)));
    }

    /** Tomcat's own words, when it gave any: "Invalid URI", "Invalid character found in the request target [...]". */
    private static String reason(Throwable exception, String message) {
        String reason = message != null && !message.isBlank() ? message
                : exception != null && exception.getMessage() != null ? exception.getMessage() : "";
        String firstLine = reason.lines().findFirst().orElse("").strip();
        return firstLine.isEmpty() ? "" : ": " + firstLine;
    }
}
