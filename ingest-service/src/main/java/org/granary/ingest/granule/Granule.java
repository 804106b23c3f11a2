package org.granary.ingest.granule;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** One archived file of one ESDT, in one version. */
public record Granule(long id, String esdt, int collection, String fileName, int version, Instant startTime, Instant endTime,
        Integer orbit, Instant productionTime, long sizeBytes, String sha256, String md5, String source, String producingJob,
        Instant ingestedAt, String state) {
    public Granule {
        requireNonNull(esdt, "esdt is null");
        requireNonNull(fileName, "fileName is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(md5, "md5 is null");
        requireNonNull(source, "source is null");
        requireNonNull(ingestedAt, "ingestedAt is null");
        requireNonNull(state, "state is null");
    }
}
