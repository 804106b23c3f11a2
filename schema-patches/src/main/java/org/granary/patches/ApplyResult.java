package org.granary.patches;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What one run of {@link SchemaPatcher#apply} did: the patches it applied, in order.
 *
 * @param alreadyApplied how many patches of the component the ledger held before, those this build does not know included
 * @param unknownToThisBuild the patches the ledger holds and this build does not list, in ledger order: the
 *     database is newer than the build, as during a rolling deploy
 */
public record ApplyResult(String component, List<String> applied, int alreadyApplied, List<String> unknownToThisBuild) {
    public ApplyResult {
        requireNonNull(component, "component is null");
        applied = List.copyOf(applied);
        unknownToThisBuild = List.copyOf(unknownToThisBuild);
    }
}
