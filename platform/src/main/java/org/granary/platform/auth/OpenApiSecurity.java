package org.granary.platform.auth;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * Puts into every service's OpenAPI description what its handlers declare: the bearer scheme once,
 * and on each operation that needs a token (a {@link RequiresRole}, or a {@link Caller} parameter
 * with any role) the security requirement, the roles admitted ({@value #ROLES_EXTENSION}), a
 * sentence saying so, and the 401 and 403 answers. Open reads stay without security.
 */
final class OpenApiSecurity {
    static final String SCHEME = "bearer";
    static final String ROLES_EXTENSION = "x-granary-roles";

    private OpenApiSecurity() {
    }

    static OpenApiCustomizer bearerScheme() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description("A Granary token (granary_...), made by an admin with POST /admin/tokens; only its SHA-256 is stored"));
        };
    }

    static OperationCustomizer roles() {
        return (operation, handler) -> {
            Set<Role> admitted = admitted(handler);
            if (!admitted.isEmpty()) {
                declare(operation, admitted);
            }
            return operation;
        };
    }

    /** The roles a handler admits; empty for an open one. */
    static Set<Role> admitted(HandlerMethod handler) {
        RequiresRole required = AuthInterceptor.requiredRole(handler);
        if (required != null) {
            Set<Role> roles = EnumSet.of(Role.ADMIN);
            roles.addAll(Arrays.asList(required.value()));
            return roles;
        }
        boolean takesCaller = Arrays.stream(handler.getMethodParameters()).anyMatch(parameter -> parameter.getParameterType() == Caller.class);
        return takesCaller ? EnumSet.allOf(Role.class) : EnumSet.noneOf(Role.class);
    }

    private static void declare(Operation operation, Set<Role> admitted) {
        List<String> names = admitted.stream().map(Role::wireName).toList();
        operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        operation.addExtension(ROLES_EXTENSION, names);
        String sentence = admitted.size() == Role.values().length ? "Needs a bearer token of any role."
                : "Needs a bearer token of role " + sentenceList(names) + ".";
        operation.setDescription(operation.getDescription() == null || operation.getDescription().isBlank() ? sentence
                : operation.getDescription() + "\n\n" + sentence);
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        operation.getResponses().putIfAbsent("401", new ApiResponse().description("No bearer token, or an unknown or revoked one"));
        if (admitted.size() < Role.values().length) {
            operation.getResponses().putIfAbsent("403", new ApiResponse().description("The token's role is not among " + names));
        }
    }

    private static String sentenceList(List<String> names) {
        if (names.size() == 1) {
            return names.getFirst();
        }
        return names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", ")) + " or " + names.getLast();
    }
}
