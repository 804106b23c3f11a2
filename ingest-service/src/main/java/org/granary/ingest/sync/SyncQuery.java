package org.granary.ingest.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.granary.ingest.granule.SearchInput;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import tools.jackson.databind.JsonNode;

/** Reads the bodies of the hash and row requests; what the database could not take is a 400 naming the field. */
final class SyncQuery {
    static final int MAX_RANGES = 1000;
    static final int MAX_ROWS = 10_000;
    static final int MAX_CHANGES = 5000;
    private static final Set<String> FILTERS = Set.of("esdt", "collection", "startFrom", "startTo");

    private SyncQuery() {
    }

    static List<KeyRange> ranges(JsonNode body) {
        known(body, Set.of("ranges"));
        JsonNode ranges = body.get("ranges");
        if (ranges == null || !ranges.isArray() || ranges.isEmpty() || ranges.size() > MAX_RANGES) {
            throw invalid("ranges is a list of 1 to " + MAX_RANGES + " {\"from\": ..., \"to\": ...}");
        }
        List<KeyRange> read = new ArrayList<>(ranges.size());
        for (JsonNode range : ranges) {
            if (!range.isObject()) {
                throw invalid("a range is {\"from\": ..., \"to\": ...}");
            }
            read.add(new KeyRange(text(range, "from"), text(range, "to")));
        }
        return read;
    }

    static KeyRange range(JsonNode body) {
        known(body, Set.of("from", "to", "limit"));
        return new KeyRange(text(body, "from"), text(body, "to"));
    }

    static int limit(JsonNode body) {
        JsonNode limit = body.get("limit");
        if (limit == null || limit.isNull()) {
            return MAX_ROWS;
        }
        if (!limit.isIntegralNumber() || !limit.canConvertToInt() || limit.asInt() < 1 || limit.asInt() > MAX_ROWS) {
            throw invalid("limit is 1 to " + MAX_ROWS);
        }
        return limit.asInt();
    }

    static int changeLimit(String text) {
        try {
            return (int) SearchInput.whole(text, 1, MAX_CHANGES);
        } catch (IllegalArgumentException e) {
            throw invalid("limit: " + e.getMessage());
        }
    }

    static RangeFilter filter(JsonNode body) {
        JsonNode collection = body.get("collection");
        if (collection != null && !collection.isNull() && (!collection.isIntegralNumber() || !collection.canConvertToInt())) {
            throw invalid("collection is a whole number");
        }
        return new RangeFilter(text(body, "esdt"), collection == null || collection.isNull() ? null : collection.asInt(),
                time(body, "startFrom"), time(body, "startTo"));
    }

    private static void known(JsonNode body, Set<String> own) {
        if (!body.isObject()) {
            throw invalid("the body is a JSON object");
        }
        for (String field : body.propertyNames()) {
            if (!own.contains(field) && !FILTERS.contains(field)) {
                throw invalid("unknown field '" + field + "'");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw invalid(field + " is text or null");
        }
        try {
            return SearchInput.text(value.asString());
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    private static Instant time(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return text == null ? null : SearchInput.time(text);
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    private static GranaryException invalid(String detail) {
        return new GranaryException(ErrorCode.INVALID_REQUEST, detail);
    }
}
