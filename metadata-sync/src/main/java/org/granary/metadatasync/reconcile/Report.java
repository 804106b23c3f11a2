package org.granary.metadatasync.reconcile;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A stored reconciliation: when, for what, its counts and (a page of) its differences.
 *
 * @param state running, finished or failed
 * @param nextAfter the file name to ask {@code after} for the next page of differences, or null at the end
 */
public record Report(long id, Instant startedAt, Instant finishedAt, String trigger, String requestedBy, String state, String error,
        JsonNode filter, Counts counts, List<Entry> differences, String nextAfter) {

    /**
     * What was compared and found.
     *
     * @param legacyRows rows within the filter on the legacy side
     * @param catalogueRows rows within the filter in the catalogue
     * @param rangesCompared key ranges hashed on both sides, all rounds
     * @param rowsFetched rows read one by one, both sides
     * @param unsettled files still changing when re-checked: neither reported nor known to agree
     */
    public record Counts(Long legacyRows, Long catalogueRows, Long rangesCompared, Long rowsFetched, Long missingOnCatalogue,
            Long missingOnLegacy, Long different, Long unsettled) {
    }

    /** One difference: the kind, the differing fields with both values, and both records. */
    public record Entry(String fileName, String kind, List<FieldValues> fields, JsonNode legacy, JsonNode catalogue) {
    }

    /** A differing field's value on each side. */
    public record FieldValues(String field, JsonNode legacy, JsonNode catalogue) {
    }
}
