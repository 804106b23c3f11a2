package org.granary.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;

/**
 * Refuses a request whose raw path has a {@code .} or {@code ..} segment with 400
 * {@code invalid-request}, before Tomcat's normalised path reaches a handler (which would serve
 * {@code /a/../b} as {@code /b}). The refusal goes the way of every container error: the error
 * page, or the host's report valve when Tomcat could not map the path at all.
 */
final class DotSegmentValve extends ValveBase {
    DotSegmentValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (DotSegments.presentIn(request.getRequestURI()) && !response.isCommitted()) {
            request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new GranaryException(ErrorCode.INVALID_REQUEST,
                    "the request path may not have a '.' or '..' segment, literal or percent-encoded"));
            response.sendError(ErrorCode.INVALID_REQUEST.status().value());
        }
        getNext().invoke(request, response);
    }
}
