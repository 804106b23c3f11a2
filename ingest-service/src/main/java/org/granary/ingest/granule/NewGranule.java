package org.granary.ingest.granule;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** What ingest knows of a file before it is recorded. */
public record NewGranule(String esdt, int collection, String fileName, int version, Instant startTime, Instant endTime,
        Integer orbit, Instant productionTime, long sizeBytes, String sha256, String md5, String source, String producingJob) {
    public NewGranule {
        requireNonNull(esdt, "esdt is null");
        requireNonNull(fileName, "fileName is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(md5, "md5 is null");
        requireNonNull(source, "source is null");
    }

    /** The granule this becomes once recorded with {@code id} at {@code ingestedAt}. */
    public Granule asArchived(long id, Instant ingestedAt) {
        return new Granule(id, esdt, collection, fileName, version, startTime, endTime, orbit, productionTime, sizeBytes, sha256, md5,
                source, producingJob, ingestedAt, "archived");
    }

    public NewGranule withVersion(int newVersion) {
        return new NewGranule(esdt, collection, fileName, newVersion, startTime, endTime, orbit, productionTime, sizeBytes, sha256,
                md5, source, producingJob);
    }
}
