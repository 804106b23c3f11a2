package org.granary.platform.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Optional;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks the bearer token before the handler runs, and so before the body is read: a write
 * without a token is refused with 401 even when its body is not valid JSON. A token that is
 * presented must be valid, even on an open read.
 */
final class AuthInterceptor implements HandlerInterceptor {
    static final String CALLER_ATTRIBUTE = Caller.class.getName();
    private static final String BEARER = "Bearer ";

    private final TokenService tokens;

    AuthInterceptor(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Optional<Caller> caller = caller(request);
        caller.ifPresent(found -> request.setAttribute(CALLER_ATTRIBUTE, found));
        RequiresRole required = handler instanceof HandlerMethod method ? requiredRole(method) : null;
        if (required == null) {
            return true;
        }
        Caller authenticated = caller.orElseThrow(() -> new GranaryException(ErrorCode.UNAUTHENTICATED,
                "this operation needs a bearer token (Authorization: Bearer granary_...)"));
        if (!authenticated.role().mayActAs(required.value())) {
            throw new GranaryException(ErrorCode.FORBIDDEN, "a " + authenticated.role().wireName()
                    + " token may not do this; it needs one of the roles " + Arrays.stream(required.value()).map(Role::wireName).toList());
        }
        return true;
    }

    static RequiresRole requiredRole(HandlerMethod method) {
        RequiresRole onMethod = method.getMethodAnnotation(RequiresRole.class);
        return onMethod != null ? onMethod : method.getBeanType().getAnnotation(RequiresRole.class);
    }

    private Optional<Caller> caller(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Optional.empty();
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new GranaryException(ErrorCode.UNAUTHENTICATED, "only bearer tokens are accepted (Authorization: Bearer ...)");
        }
        Optional<Caller> caller = tokens.authenticate(header.substring(BEARER.length()).strip());
        if (caller.isEmpty()) {
            throw new GranaryException(ErrorCode.UNAUTHENTICATED, "the bearer token is unknown or revoked");
        }
        return caller;
    }
}
