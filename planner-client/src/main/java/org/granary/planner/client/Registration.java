package org.granary.planner.client;

import static java.util.Objects.requireNonNull;

/** A registered PGE version, and whether this call registered it (false: the same content was registered before). */
public record Registration(PgeDefinition pge, boolean created) {
    public Registration {
        requireNonNull(pge, "pge is null");
    }
}
