package org.granary.ingest.granule;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One archived file of one ESDT, in one version of its product.
 *
 * @param version the how-manieth file of its product this is (see {@link ProductIdentity})
 * @param productKey the product within its ESDT and collection: {@code orbit:1132}, {@code start:<UTC time>} or {@code file:<name>}
 * @param part which file of a product delivered in several this is; null for a product of one file
 * @param sha256 the archive address of its bytes; null for a granule catalogued from the legacy
 *     system (source {@code legacy-sync}), whose bytes are in the old archive, not in this one
 * @param cksum the POSIX cksum of its bytes, when a push computed it or the legacy system gave it
 * @param qaFlag {@code good}, {@code suspect}, {@code bad} or {@code unchecked}; null: never checked
 */
public record Granule(long id, String esdt, int collection, String fileName, int version, String productKey, Instant startTime,
        Instant endTime, Integer orbit, Integer part, Instant productionTime, long sizeBytes, String sha256, String md5, Long cksum, String source,
        String producingJob, Instant ingestedAt, String state, String qaFlag) {
    public Granule {
        requireNonNull(esdt, "esdt is null");
        requireNonNull(fileName, "fileName is null");
        requireNonNull(productKey, "productKey is null");
        requireNonNull(md5, "md5 is null");
        requireNonNull(source, "source is null");
        requireNonNull(ingestedAt, "ingestedAt is null");
        requireNonNull(state, "state is null");
    }

    /** Whether the granule stands in the catalogue (it may be superseded, but is not deleted). */
    public boolean present() {
        return !"deleted".equals(state);
    }

    /** Whether this archive holds its bytes: not for a granule catalogued from the legacy system. */
    public boolean hasContent() {
        return sha256 != null;
    }
}
