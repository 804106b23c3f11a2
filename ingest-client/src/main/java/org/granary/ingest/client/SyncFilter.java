package org.granary.ingest.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a reconciliation compares besides the key range; every field may be null (no filter). */
public record SyncFilter(String esdt, Integer collection, Instant startFrom, Instant startTo) {
    public static SyncFilter none() {
        return new SyncFilter(null, null, null, null);
    }

    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (esdt != null) {
            fields.put("esdt", esdt);
        }
        if (collection != null) {
            fields.put("collection", collection);
        }
        if (startFrom != null) {
            fields.put("startFrom", startFrom.toString());
        }
        if (startTo != null) {
            fields.put("startTo", startTo.toString());
        }
        return fields;
    }
}
