package org.granary.ingest.granule;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * What ingest knows of a file before it is recorded. Times are kept to the microsecond, as the
 * database keeps them, so that the product key written from the start time is the stored one's.
 */
public record NewGranule(String esdt, int collection, String fileName, int version, Instant startTime, Instant endTime,
        Integer orbit, Integer part, Instant productionTime, long sizeBytes, String sha256, String md5, Long cksum,
        String source, String producingJob) {
    public NewGranule {
        requireNonNull(esdt, "esdt is null");
        requireNonNull(fileName, "fileName is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(md5, "md5 is null");
        requireNonNull(source, "source is null");
        startTime = microseconds(startTime);
        endTime = microseconds(endTime);
        productionTime = microseconds(productionTime);
    }

    public ProductIdentity identity() {
        return ProductIdentity.of(esdt, collection, orbit, startTime, part, fileName);
    }

    /** The granule this becomes once recorded with {@code id} at {@code ingestedAt}. */
    public Granule asArchived(long id, Instant ingestedAt) {
        return new Granule(id, esdt, collection, fileName, version, identity().key(), startTime, endTime, orbit, part, productionTime,
                sizeBytes, sha256, md5, cksum, source, producingJob, ingestedAt, "archived", null);
    }

    private static Instant microseconds(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    }
}
