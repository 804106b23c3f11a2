package org.granary.platform.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a body whose declared length is over the limit before a byte of it is read, and marks
 * the requests whose handler streams its body itself ({@link StreamedBody}), so that
 * {@link BoundedBodyRequest} lets them read past the limit.
 */
final class BodyLimitInterceptor implements HandlerInterceptor {
    private final long maxBodyBytes;

    BodyLimitInterceptor(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return true;
        }
        if (handler instanceof HandlerMethod method && streams(method)) {
            request.setAttribute(BoundedBodyRequest.STREAMED_ATTRIBUTE, true);
            return true;
        }
        refuseDeclaredLengthOver(maxBodyBytes, request.getContentLengthLong());
        return true;
    }

    static boolean streams(HandlerMethod method) {
        return method.hasMethodAnnotation(StreamedBody.class) || method.getBeanType().isAnnotationPresent(StreamedBody.class);
    }

    static void refuseDeclaredLengthOver(long limit, long declaredLength) {
        if (limit != BoundedInputStream.UNLIMITED && declaredLength > limit) {
            throw tooLarge(limit);
        }
    }

    static GranaryException tooLarge(long limit) {
        return new GranaryException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than the " + limit
                + " bytes this operation takes");
    }
}
