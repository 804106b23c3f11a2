package org.granary.ingest.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import tools.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/**
 * A row of {@code POST /granules/sync/rows}: the canonical record of a file name, the granule that
 * holds it, and whether the archive holds its bytes (false for a granule catalogued from the legacy
 * side); in the JSON, {@code granuleId} and {@code contentInArchive} beside the record's fields.
 */
public record CatalogueRow(SyncRecord record, long granuleId, boolean contentInArchive) {
    public CatalogueRow {
        requireNonNull(record, "record is null");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CatalogueRow fromJson(JsonNode row) {
        JsonNode granuleId = row.get("granuleId");
        JsonNode contentInArchive = row.get("contentInArchive");
        if (granuleId == null || !granuleId.canConvertToLong() || contentInArchive == null || !contentInArchive.isBoolean()) {
            throw new IllegalArgumentException("a row without its granuleId or contentInArchive: " + row);
        }
        return new CatalogueRow(IngestHttp.JSON.treeToValue(row, SyncRecord.class), granuleId.asLong(), contentInArchive.booleanValue());
    }
}
