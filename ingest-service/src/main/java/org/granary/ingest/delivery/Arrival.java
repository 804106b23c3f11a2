package org.granary.ingest.delivery;

import java.util.Optional;
import org.granary.ingest.granule.Predecessors;

import static java.util.Objects.requireNonNull;

/**
 * What is known of a file as its push begins, read in one round trip: the PDR entry awaiting it,
 * if a delivery does, and what the catalogue holds of its product and of the file itself. That
 * is a first guess: a concurrent push may commit another version before this one does, which the
 * catalogue's unique constraint then tells.
 */
public record Arrival(Optional<AwaitedFile> awaited, Predecessors predecessors) {
    public Arrival {
        requireNonNull(awaited, "awaited is null");
        requireNonNull(predecessors, "predecessors is null");
    }
}
