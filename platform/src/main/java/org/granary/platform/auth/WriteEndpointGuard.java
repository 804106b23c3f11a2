package org.granary.platform.auth;

import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Fails the start of a service that has a write handler without {@link RequiresRole}, so that a
 * forgotten annotation can never open a write to anyone. Only our own handlers are checked: the
 * framework's (errors, OpenAPI) write nothing.
 */
final class WriteEndpointGuard {
    private static final Set<RequestMethod> WRITES = Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);

    private WriteEndpointGuard() {
    }

    static void check(RequestMappingHandlerMapping mapping) {
        List<String> open = mapping.getHandlerMethods().entrySet().stream()
                .filter(entry -> entry.getValue().getBeanType().getName().startsWith("org.granary."))
                .filter(entry -> writes(entry.getKey()))
                .filter(entry -> AuthInterceptor.requiredRole(entry.getValue()) == null)
                .filter(entry -> !entry.getValue().hasMethodAnnotation(ReadOnly.class))
                .filter(entry -> !entry.getValue().hasMethodAnnotation(KeyedCallback.class))
                .map(entry -> entry.getKey() + " -> " + describe(entry.getValue()))
                .toList();
        if (!open.isEmpty()) {
            throw new IllegalStateException("write handlers without @RequiresRole (declare who may call them, or @ReadOnly for a "
                    + "query sent by POST): " + open);
        }
    }

    /** A mapping without methods answers every method, writes included. */
    private static boolean writes(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        return methods.isEmpty() || methods.stream().anyMatch(WRITES::contains);
    }

    private static String describe(HandlerMethod method) {
        return method.getBeanType().getSimpleName() + "." + method.getMethod().getName();
    }
}
