package org.granary.platform.auth;

import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The caller of the request this thread serves, for code far from the controller that must say
 * who did something (an audit log): empty on a thread that serves no request (background work)
 * or for a request without a token.
 */
public final class RequestCaller {
    private RequestCaller() {
    }

    public static Optional<Caller> current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object caller = attributes == null ? null : attributes.getAttribute(AuthInterceptor.CALLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return caller instanceof Caller found ? Optional.of(found) : Optional.empty();
    }
}
