package org.granary.platform.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report for the requests that never reach an application (a request line or a
 * path it refuses before it can map them): problem+json like everything else instead of Tomcat's
 * HTML page. It takes the place of the host's {@link ErrorReportValve}.
 */
public final class ProblemReportValve extends ErrorReportValve {
    private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported() || !ioAllowed(response)) {
            return;
        }
        ProblemDetail problem = Problems.cause(throwable, GranaryException.class).map(Problems::of)
                .or(() -> ContainerProblems.refusal(status, throwable, response.getMessage()))
                .orElseGet(() -> Problems.incident(log, throwable, request.getMethod(), request.getRequestURI()));
        Problems.setInstance(problem, request.getRequestURI());
        try {
            response.setStatus(problem.getStatus());
            if (connectionEnds(response)) {
                response.setHeader(HttpHeaders.CONNECTION, "close");
            }
            response.setContentType(Problems.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(Problems.json(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException clientGone) {
            log.debug("the problem for {} {} could not be written: {}", request.getMethod(), request.getRequestURI(), clientGone.toString());
        }
    }

    /** Tomcat closes the connection after a request it could not read (a head too large): the answer says so. */
    private static boolean connectionEnds(Response response) {
        AtomicBoolean error = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_ERROR, error);
        return error.get();
    }

    /** Nothing is written for a connection that is already being closed. */
    private static boolean ioAllowed(Response response) {
        AtomicBoolean allowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, allowed);
        return allowed.get();
    }
}
