package org.granary.ingest.sync;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A granule as both catalogues are compared and synced on (the contract's canonical record): the
 * newest version of a file name, unless that one is deleted. {@code deleted} is true only in a
 * sync request, for a file name the legacy side no longer has; the other fields are then null.
 *
 * @param state {@code archived} or {@code superseded}
 * @param qaFlag {@code good}, {@code suspect}, {@code bad}, {@code unchecked}, or null
 */
record CanonicalRecord(String fileName, boolean deleted, String esdt, Integer collection, Instant startTime, Instant endTime,
        Instant productionTime, Integer orbit, Long sizeBytes, String md5, Long cksum, String state, String qaFlag) {
    CanonicalRecord {
        requireNonNull(fileName, "fileName is null");
        if (!deleted) {
            requireNonNull(esdt, "esdt is null");
            requireNonNull(collection, "collection is null");
            requireNonNull(sizeBytes, "sizeBytes is null");
            requireNonNull(md5, "md5 is null");
            requireNonNull(state, "state is null");
        }
    }
}
