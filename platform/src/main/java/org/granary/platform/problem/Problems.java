package org.granary.platform.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Builds the problems every part of the platform answers, so that all of them look alike. */
final class Problems {
    static final String TYPE_PREFIX = "urn:granary:problem:";
    static final String MEDIA_TYPE = "application/problem+json";
    private static final int MAX_CAUSE_DEPTH = 32;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    static ProblemDetail of(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(URI.create(TYPE_PREFIX + code.code()));
        problem.setTitle(code.title());
        problem.setProperty("code", code.code());
        problem.setProperty("fault", code.faultName());
        return problem;
    }

    static ProblemDetail of(GranaryException exception) {
        ProblemDetail problem = of(exception.errorCode(), exception.getMessage());
        exception.properties().forEach(problem::setProperty);
        return problem;
    }

    /** Logs an unexpected failure with a new incident id, which the problem repeats; the client sees no internals. */
    static ProblemDetail incident(Logger log, Throwable failure, String method, String path) {
        String incident = UUID.randomUUID().toString();
        log.error("incident {}: {} {} failed", incident, method, path, failure);
        ProblemDetail problem = of(ErrorCode.INTERNAL, "internal error; operators can find incident " + incident + " in the service log");
        problem.setProperty("incident", incident);
        return problem;
    }

    /** The path the client asked for, also while an error page is rendered for it. */
    static String path(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
                ? original : request.getRequestURI();
    }

    /** The instance of a problem: the request's path, when it is one a URI can hold. */
    static void setInstance(ProblemDetail problem, String path) {
        if (path == null || path.isEmpty()) {
            return;
        }
        try {
            problem.setInstance(URI.create(path));
        } catch (IllegalArgumentException unusable) {
            // A path the container refused (bad percent-encoding) is no URI: the problem goes without it.
        }
    }

    /** The problem as JSON, for the places that write it without Spring MVC (the servlet container's valves). */
    static String json(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return JSON.writeValueAsString(members);
    }

    /** The first of a failure's causes (itself included) of the given type. */
    static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }
}
