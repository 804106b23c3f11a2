package org.granary.ingest.delivery;

import java.util.Optional;
import org.granary.ingest.granule.Granule;

import static java.util.Objects.requireNonNull;

/**
 * What is known of a file as its push begins, read in one round trip: the PDR entry awaiting it,
 * if a delivery does, and the newest version of it the catalogue holds. The version is a first
 * guess: a concurrent push may commit another before this one does, which the catalogue's unique
 * constraint then tells.
 */
public record Arrival(Optional<AwaitedFile> awaited, Optional<Granule> latest) {
    public Arrival {
        requireNonNull(awaited, "awaited is null");
        requireNonNull(latest, "latest is null");
    }
}
