package org.granary.patches;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** What one run of {@link SchemaPatcher#apply} did: the patches it applied, in order. */
public record ApplyResult(String component, List<String> applied, int alreadyApplied) {
    public ApplyResult {
        requireNonNull(component, "component is null");
        applied = List.copyOf(applied);
    }
}
