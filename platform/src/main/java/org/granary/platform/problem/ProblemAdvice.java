package org.granary.platform.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.util.PSQLException;
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
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;

/**
 * Renders every error of every Granary service as RFC 9457 {@code application/problem+json}: a
 * stable {@code code} and {@code fault} from {@link ErrorCode}, and a detail that says what was
 * wrong. Unexpected failures are logged with an incident id that the problem repeats, and never
 * show a stack trace or an internal message to the client. A value the database cannot hold or
 * compare (PostgreSQL's data exceptions, SQLSTATE class 22) is the caller's: 400.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    /** A body slot frees when a request ends, which is soon. */
    static final String RETRY_AFTER_BUSY_SECONDS = "1";
    static final String RETRY_AFTER_UNAVAILABLE_SECONDS = "5";
    private static final String DATA_EXCEPTION_CLASS = "22";

    @ExceptionHandler(GranaryException.class)
    ResponseEntity<Object> granary(GranaryException exception, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(exception);
        Problems.setInstance(problem, Problems.path(request));
        HttpHeaders headers = new HttpHeaders();
        switch (exception.errorCode()) {
            case UNAUTHENTICATED -> headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"granary\"");
            case TOO_MANY_REQUESTS -> headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_BUSY_SECONDS);
            case DEPENDENCY_UNAVAILABLE -> headers.set(HttpHeaders.RETRY_AFTER, "5");
            case RANGE_NOT_SATISFIABLE -> {
                if (exception.properties().get("sizeBytes") instanceof Long size) {
                    headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                }
            }
            default -> {
                // no header says more than the problem
            }
        }
        return respond(problem, headers, request);
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class})
    ResponseEntity<Object> databaseUnavailable(RuntimeException exception, HttpServletRequest request) {
        log.warn("database unavailable for {} {}: {}", request.getMethod(), Problems.path(request), exception.getMessage());
        ProblemDetail problem = problem(ErrorCode.DEPENDENCY_UNAVAILABLE,
                "the database is unavailable; nothing was changed, retry later", request);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_UNAVAILABLE_SECONDS);
        return respond(problem, headers, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception, HttpServletRequest request) {
        return render(exception, request);
    }

    /**
     * Any failure, also one raised outside Spring MVC (in a filter, in the servlet container):
     * {@link ProblemErrorController} hands those here. Empty when the client went away and
     * nothing can be answered.
     */
    ResponseEntity<Object> render(Throwable failure, HttpServletRequest request) {
        Optional<GranaryException> granary = Problems.cause(failure, GranaryException.class);
        if (granary.isPresent()) {
            return granary(granary.get(), request);
        }
        Optional<SQLException> dataException = dataException(failure);
        if (dataException.isPresent()) {
            return respond(problem(ErrorCode.INVALID_REQUEST, "a value of the request cannot be stored or compared: "
                    + databaseMessage(dataException.get()) + "; nothing was changed", request), new HttpHeaders(), request);
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(failure)) {
            log.debug("{} {}: the client went away ({})", request.getMethod(), Problems.path(request), failure.toString());
            return null;
        }
        if (failure instanceof CannotGetJdbcConnectionException || failure instanceof DataAccessResourceFailureException
                || failure instanceof TransientDataAccessException) {
            return databaseUnavailable((RuntimeException) failure, request);
        }
        ProblemDetail problem = Problems.incident(log, failure, request.getMethod(), Problems.path(request));
        Problems.setInstance(problem, Problems.path(request));
        return respond(problem, new HttpHeaders(), request);
    }

    /**
     * An error answer to a request that came with a body ends its connection ({@code Connection:
     * close}): the body may be unread, and the platform closes such connections rather than read
     * on (see the web package's {@code UnreadBodyValve}). Said here because Spring commits the
     * answer before the container could add it.
     */
    static ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, HttpServletRequest request) {
        HttpHeaders answered = new HttpHeaders();
        answered.addAll(headers);
        if (hasBody(request)) {
            answered.set(HttpHeaders.CONNECTION, "close");
        }
        return ResponseEntity.status(problem.getStatus()).headers(answered).body(problem);
    }

    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Optional<GranaryException> refusal = Problems.cause(exception, GranaryException.class);
        if (refusal.isPresent() && request instanceof NativeWebRequest web
                && web.getNativeRequest() instanceof HttpServletRequest servlet) {
            return granary(refusal.get(), servlet);
        }
        ProblemDetail problem = Problems.of(ErrorCode.MALFORMED_REQUEST, unreadableDetail(exception));
        return handleExceptionInternal(exception, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = exception.getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        ProblemDetail problem = Problems.of(ErrorCode.INVALID_REQUEST, "invalid fields: " + errors);
        problem.setProperty("errors", errors);
        return handleExceptionInternal(exception, problem, headers, status, request);
    }

    /** Adds our code and fault to the problems Spring MVC makes for its own exceptions. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (DisconnectedClientHelper.isClientDisconnectedException(exception)) {
            log.debug("{}: the client went away ({})", request.getDescription(false), exception.toString());
            return null;
        }
        ResponseEntity<Object> response = super.handleExceptionInternal(exception, body, headers, statusCode, request);
        if (response == null || !(response.getBody() instanceof ProblemDetail problem)) {
            return response;
        }
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            ErrorCode code = ErrorCode.forStatus(problem.getStatus());
            problem.setType(URI.create(Problems.TYPE_PREFIX + code.code()));
            problem.setProperty("code", code.code());
            problem.setProperty("fault", code.faultName());
        }
        return request instanceof NativeWebRequest web && web.getNativeRequest() instanceof HttpServletRequest servlet
                ? respond(problem, response.getHeaders(), servlet) : response;
    }

    static ProblemDetail problem(ErrorCode code, String detail, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(code, detail);
        Problems.setInstance(problem, Problems.path(request));
        return problem;
    }

    /** PostgreSQL's data exceptions (SQLSTATE class 22): a NUL byte in text, a date or a number out of range, ... */
    static Optional<SQLException> dataException(Throwable failure) {
        return Problems.cause(failure, SQLException.class)
                .filter(sql -> sql.getSQLState() != null && sql.getSQLState().startsWith(DATA_EXCEPTION_CLASS));
    }

    /** The server's one-line message ("timestamp out of range: ..."), without its position or context in our SQL. */
    private static String databaseMessage(SQLException exception) {
        if (exception instanceof PSQLException postgres && postgres.getServerErrorMessage() != null
                && postgres.getServerErrorMessage().getMessage() != null) {
            return postgres.getServerErrorMessage().getMessage();
        }
        String message = exception.getMessage() == null ? "" : exception.getMessage();
        return message.lines().findFirst().orElse("SQLSTATE " + exception.getSQLState());
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
