package org.granary.platform.problem;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.granary.platform.auth.ReadOnly;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}), in place of Spring Boot's: what fails
 * outside Spring MVC (a filter, a body that stopped arriving, {@code response.sendError}, Tomcat's
 * own refusals of a request it could map) is rendered from the servlet error attributes as the
 * same problem+json as everything else.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {
    private final ProblemAdvice advice;

    ProblemErrorController(ProblemAdvice advice) {
        this.advice = advice;
    }

    /** Every method, as the request that failed may have had any; it only renders what happened. */
    @RequestMapping("${spring.web.error.path:/error}")
    @ReadOnly
    ResponseEntity<Object> error(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status)) {
            return respond(Problems.of(ErrorCode.NOT_FOUND, "no such resource"), request);
        }
        Throwable exception = unwrapped((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        String message = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return ContainerProblems.refusal(status, exception, message)
                .map(problem -> respond(problem, request))
                .orElseGet(() -> advice.render(exception != null ? exception
                        : new IllegalStateException("the servlet container answered " + status + " " + message), request));
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem, HttpServletRequest request) {
        Problems.setInstance(problem, Problems.path(request));
        return ProblemAdvice.respond(problem, new HttpHeaders(), request);
    }

    private static Throwable unwrapped(Throwable exception) {
        return exception instanceof ServletException servlet && servlet.getRootCause() != null ? servlet.getRootCause() : exception;
    }
}
