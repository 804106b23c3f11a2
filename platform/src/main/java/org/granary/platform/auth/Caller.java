package org.granary.platform.auth;

import static java.util.Objects.requireNonNull;

/** The owner of the token a request came with. A handler may take it as a parameter. */
public record Caller(long tokenId, Role role, String label) {
    public Caller {
        requireNonNull(role, "role is null");
        requireNonNull(label, "label is null");
    }

    /** Whether the token is the service token of {@code service}, e.g. the planner's. */
    public boolean isService(ServiceName service) {
        return role == Role.SERVICE && label.equals(service.label());
    }
}
