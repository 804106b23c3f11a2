package org.granary.planner.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A granule as ingest-service shows it ({@code GET /granules/{id}}, and in its events), with what planning needs.
 * {@code sha256} is null for a catalogue entry whose file is not in the archive (the legacy catalogue's, which
 * metadata-sync brings in): see {@link #inTheArchive()}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LearnedGranule(long id, String esdt, int collection, String fileName, int version, String productKey, Integer part,
        Instant startTime, Instant endTime, Integer orbit, String sha256, long sizeBytes, String state, String producingJob) {
    public LearnedGranule {
        requireNonNull(esdt, "esdt is null");
        requireNonNull(fileName, "fileName is null");
        requireNonNull(productKey, "productKey is null");
        requireNonNull(state, "state is null");
    }

    /** A granule as ingest's client returned it (from a push, say). */
    public static LearnedGranule of(org.granary.ingest.client.Granule granule) {
        return new LearnedGranule(granule.id(), granule.esdt(), granule.collection(), granule.fileName(), granule.version(), granule.productKey(),
                granule.part(), granule.startTime(), granule.endTime(), granule.orbit(), granule.sha256(), granule.sizeBytes(), granule.state(),
                granule.producingJob());
    }

    /** Whether its file is in the archive, where a job can stage it from: the planner learns no other granule. */
    public boolean inTheArchive() {
        return sha256 != null;
    }

    /** Whether it can take part in planning: archived, with its times known. */
    public boolean plannable() {
        return "archived".equals(state) && startTime != null && endTime != null;
    }
}
