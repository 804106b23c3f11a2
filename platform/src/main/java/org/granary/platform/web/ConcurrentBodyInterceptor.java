package org.granary.platform.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.granary.platform.auth.Caller;
import org.granary.platform.auth.Role;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Caps the requests with a body that one caller has in progress, so that no caller holds every
 * request thread with bodies it sends slowly or never. The caller is the token the request was
 * authenticated with (this runs after the token check), else the client's address. Beyond the cap:
 * 429 with {@code Retry-After}, before a byte of the body is read. Our own services (role
 * {@code service}) have a larger cap: they call for their own callers, who were capped where they
 * came in, and an archive node takes every copy ingest makes for all its stations with one token.
 */
final class ConcurrentBodyInterceptor implements HandlerInterceptor {
    private static final String PERMIT_ATTRIBUTE = ConcurrentBodyInterceptor.class.getName() + ".permit";
    private static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private final CallerPermits permits;

    ConcurrentBodyInterceptor(CallerPermits permits) {
        this.permits = permits;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST || !hasBody(request)) {
            return true;
        }
        String caller = callerOf(request);
        boolean service = fromService(request);
        if (!(service ? permits.tryAcquireForService(caller) : permits.tryAcquire(caller))) {
            throw new GranaryException(ErrorCode.TOO_MANY_REQUESTS, "this caller (" + caller + ") already has "
                    + (service ? permits.maxPerService() : permits.maxPerCaller()) + " requests with a body in progress; retry when one "
                    + "has ended");
        }
        request.setAttribute(PERMIT_ATTRIBUTE, caller);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        if (request.getAttribute(PERMIT_ATTRIBUTE) instanceof String caller) {
            request.removeAttribute(PERMIT_ATTRIBUTE);
            permits.release(caller);
        }
    }

    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static boolean fromService(HttpServletRequest request) {
        return request.getAttribute(CALLER_ATTRIBUTE) instanceof Caller caller && caller.role() == Role.SERVICE;
    }

    static String callerOf(HttpServletRequest request) {
        return request.getAttribute(CALLER_ATTRIBUTE) instanceof Caller caller
                ? "token " + caller.tokenId() : "address " + request.getRemoteAddr();
    }
}
