package org.granary.platform.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Renders every error of every Granary service as RFC 9457 {@code application/problem+json}: a
 * stable {@code code} and {@code fault} from {@link ErrorCode}, and a detail that says what was
 * wrong. Unexpected failures are logged with an incident id that the problem repeats, and never
 * show a stack trace or an internal message to the client.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    static final String TYPE_PREFIX = "urn:granary:problem:";

    @ExceptionHandler(GranaryException.class)
    ResponseEntity<Object> granary(GranaryException exception, HttpServletRequest request) {
        ProblemDetail problem = problem(exception.errorCode(), exception.getMessage(), request);
        exception.properties().forEach(problem::setProperty);
        HttpHeaders headers = new HttpHeaders();
        if (exception.errorCode() == ErrorCode.UNAUTHENTICATED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"granary\"");
        }
        if (exception.errorCode() == ErrorCode.DEPENDENCY_UNAVAILABLE) {
            headers.set(HttpHeaders.RETRY_AFTER, "5");
        }
        if (exception.errorCode() == ErrorCode.RANGE_NOT_SATISFIABLE && exception.properties().get("sizeBytes") instanceof Long size) {
            headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
        }
        return ResponseEntity.status(exception.errorCode().status()).headers(headers).body(problem);
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class})
    ResponseEntity<Object> databaseUnavailable(RuntimeException exception, HttpServletRequest request) {
        log.warn("database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(), exception.getMessage());
        ProblemDetail problem = problem(ErrorCode.DEPENDENCY_UNAVAILABLE,
                "the database is unavailable; nothing was changed, retry later", request);
        return ResponseEntity.status(problem.getStatus()).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception, HttpServletRequest request) {
        String incident = UUID.randomUUID().toString();
        log.error("incident {}: {} {} failed", incident, request.getMethod(), request.getRequestURI(), exception);
        ProblemDetail problem = problem(ErrorCode.INTERNAL,
                "internal error; operators can find incident " + incident + " in the service log", request);
        problem.setProperty("incident", incident);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(ErrorCode.MALFORMED_REQUEST, unreadableDetail(exception));
        return handleExceptionInternal(exception, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = exception.getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        ProblemDetail problem = problem(ErrorCode.INVALID_REQUEST, "invalid fields: " + errors);
        problem.setProperty("errors", errors);
        return handleExceptionInternal(exception, problem, headers, status, request);
    }

    /** Adds our code and fault to the problems Spring MVC makes for its own exceptions. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(exception, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            ErrorCode code = ErrorCode.forStatus(problem.getStatus());
            problem.setType(URI.create(TYPE_PREFIX + code.code()));
            problem.setProperty("code", code.code());
            problem.setProperty("fault", code.fault().name().toLowerCase());
        }
        return response;
    }

    static ProblemDetail problem(ErrorCode code, String detail, HttpServletRequest request) {
        ProblemDetail problem = problem(code, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }

    static ProblemDetail problem(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(URI.create(TYPE_PREFIX + code.code()));
        problem.setTitle(code.title());
        problem.setProperty("code", code.code());
        problem.setProperty("fault", code.fault().name().toLowerCase());
        return problem;
    }

    /**
     * Says what was unreadable without internals: our own validation messages (from records'
     * constructors) as they are, JSON syntax errors with their line and column.
     */
    static String unreadableDetail(HttpMessageNotReadableException exception) {
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                return "invalid request body: " + cause.getMessage();
            }
        }
        if (exception.getCause() instanceof JacksonException jackson) {
            var location = jackson.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            return "request body is not valid JSON for this operation" + where + ": " + jackson.getOriginalMessage();
        }
        return "request body is missing or unreadable";
    }
}
