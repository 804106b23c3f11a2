package org.granary.ingest.granule;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.granary.platform.problem.ErrorCode;
import org.granary.platform.problem.GranaryException;
import tools.jackson.databind.JsonNode;

/**
 * What {@code PATCH /granules/{id}} changes: each field given is set, each field left out (an
 * empty optional) stays. Nothing is cleared: a catalogued time or orbit is corrected, not removed.
 */
record Correction(Optional<Instant> startTime, Optional<Instant> endTime, Optional<Integer> orbit, Optional<String> qaFlag) {
    private static final Set<String> FIELDS = Set.of("startTime", "endTime", "orbit", "qaFlag");
    private static final Set<String> QA_FLAGS = Set.of("good", "suspect", "bad", "unchecked");

    static Correction read(JsonNode body) {
        if (!body.isObject() || body.isEmpty()) {
            throw invalid("a correction is a JSON object with one or more of " + FIELDS);
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw invalid("unknown field '" + field + "'; a correction sets " + FIELDS);
            }
        }
        return new Correction(time(body, "startTime"), time(body, "endTime"), orbit(body), qaFlag(body));
    }

    private static Optional<Instant> time(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw invalid(field + " is a UTC time such as 2004-10-01T00:00:00Z");
        }
        try {
            return Optional.of(SearchInput.time(value.asString()));
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    private static Optional<Integer> orbit(JsonNode body) {
        JsonNode value = body.get("orbit");
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid("orbit is a whole number within 32 bits");
        }
        return Optional.of(value.asInt());
    }

    private static Optional<String> qaFlag(JsonNode body) {
        JsonNode value = body.get("qaFlag");
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString() || !QA_FLAGS.contains(value.asString())) {
            throw invalid("qaFlag is one of " + QA_FLAGS);
        }
        return Optional.of(value.asString());
    }

    private static GranaryException invalid(String detail) {
        return new GranaryException(ErrorCode.INVALID_REQUEST, detail);
    }
}
