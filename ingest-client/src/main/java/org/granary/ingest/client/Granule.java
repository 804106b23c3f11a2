package org.granary.ingest.client;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One archived file of one ESDT, in one version, as ingest shows it ({@code GET /granules/{id}}).
 * {@code orbit}, {@code startTime}, {@code endTime}, {@code productionTime} and
 * {@code producingJob} are null when the file name and its delivery give none; {@code state} is
 * {@code archived}, {@code superseded} or {@code deleted}. {@code productKey} and {@code part} name
 * the product the file is a version of ({@code orbit:1132}, part null for a product of one file).
 * {@code sha256} is null for a granule catalogued from the legacy system (source {@code legacy-sync}):
 * its bytes are not in this archive. {@code cksum} (POSIX) and {@code qaFlag} ({@code good},
 * {@code suspect}, {@code bad}, {@code unchecked}) are null when unknown.
 */
public record Granule(long id, String esdt, int collection, String fileName, int version, String productKey, Integer part, Instant startTime,
        Instant endTime,
        Integer orbit, Instant productionTime, long sizeBytes, String sha256, String md5, Long cksum, String source, String producingJob,
        Instant ingestedAt, String state, String qaFlag) {
    public Granule {
        requireNonNull(esdt, "esdt is null");
        requireNonNull(fileName, "fileName is null");
        requireNonNull(state, "state is null");
    }
}
