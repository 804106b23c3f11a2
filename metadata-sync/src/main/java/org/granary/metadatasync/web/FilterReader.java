package org.granary.metadatasync.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.granary.metadatasync.reconcile.RangeFilter;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import tools.jackson.databind.JsonNode;

/** A reconciliation's filter from a request body; what cannot be used is a 400 that names the field. */
final class FilterReader {
    private static final Set<String> FIELDS = Set.of("esdt", "collection", "startFrom", "startTo");

    private FilterReader() {
    }

    static RangeFilter read(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return RangeFilter.NONE;
        }
        if (!body.isObject()) {
            throw invalid("the body must be a JSON object {esdt, collection, startFrom, startTo}, all optional");
        }
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw invalid("unknown field '" + name + "'; the filter's fields are " + FIELDS);
            }
        }
        try {
            return new RangeFilter(text(body, "esdt"), collection(body), time(body, "startFrom"), time(body, "startTo"));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw invalid(field + " must be a string");
        }
        return value.asString();
    }

    private static Integer collection(JsonNode body) {
        JsonNode value = body.get("collection");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid("collection must be an integer, as 3");
        }
        return value.intValue();
    }

    private static Instant time(JsonNode body, String field) {
        String text = text(body, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(field + " must be a UTC time such as 2005-01-01T00:00:00Z: '" + text + "'");
        }
    }

    private static GranaryException invalid(String detail) {
        return new GranaryException(ErrorCode.INVALID_REQUEST, detail);
    }
}
