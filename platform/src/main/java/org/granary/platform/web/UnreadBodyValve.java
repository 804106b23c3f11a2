package org.granary.platform.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpHeaders;

/**
 * Closes the connection after an error answered before the request body was read to its end
 * (401, 403, 413, 429, a 400 about the head, ...), instead of letting Tomcat swallow the rest of
 * the body to keep the connection: a body that never comes would hold the request thread until
 * the read timeout. Tomcat only does so itself for some statuses, and not when the answer was
 * already committed.
 * <p>
 * The answer is still written whole first; then Tomcat closes the socket rather than reading on
 * ({@link ActionCode#DISABLE_SWALLOW_INPUT}, what Tomcat does for an upload it refused when a
 * context does not swallow aborted uploads). {@code Connection: close} tells the client: the
 * platform's problems say it themselves (Spring commits an answer before this valve sees it), and
 * this valve adds it to answers not yet committed.
 */
final class UnreadBodyValve extends ValveBase {
    UnreadBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (response.getStatus() >= 400 && !request.isAsync() && !bodyReadToItsEnd(request)) {
            if (!response.isCommitted()) {
                response.setHeader(HttpHeaders.CONNECTION, "close");
            }
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }

    private static boolean bodyReadToItsEnd(Request request) {
        AtomicBoolean read = new AtomicBoolean();
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, read);
        return read.get();
    }
}
