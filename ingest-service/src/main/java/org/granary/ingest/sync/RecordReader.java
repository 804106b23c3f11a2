package org.granary.ingest.sync;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.granary.ingest.granule.SearchInput;
import tools.jackson.databind.JsonNode;

/**
 * Reads one record of a sync request. Anything the database could not take, or the catalogue does
 * not allow, rejects the record as {@code invalid}, naming the field; nothing is coerced. Times are
 * kept to the microsecond, as the database keeps them, so that a repeat compares equal.
 */
final class RecordReader {
    static final String INVALID = "invalid";
    private static final Set<String> FIELDS = Set.of("fileName", "deleted", "esdt", "collection", "startTime", "endTime", "productionTime",
            "orbit", "sizeBytes", "md5", "cksum", "state", "qaFlag");
    private static final Set<String> STATES = Set.of("archived", "superseded");
    private static final Set<String> QA_FLAGS = Set.of("good", "suspect", "bad", "unchecked");
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final long MAX_CKSUM = 0xFFFF_FFFFL;
    private static final int MAX_NAME_BYTES = 255;

    private RecordReader() {
    }

    /** The file name of a record, or null when it has none that can be read (for the outcome only). */
    static String fileNameOf(JsonNode record) {
        JsonNode name = record.get("fileName");
        return name != null && name.isString() ? name.asString() : null;
    }

    static CanonicalRecord read(JsonNode record) {
        if (!record.isObject()) {
            throw invalid("a record is a JSON object");
        }
        for (String field : record.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw invalid("unknown field '" + field + "'");
            }
        }
        String fileName = text(record, "fileName", true);
        if (fileName.isEmpty() || fileName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES
                || fileName.contains("/")) {
            throw invalid("fileName must be 1 to 255 bytes without '/'");
        }
        JsonNode deleted = record.get("deleted");
        if (deleted != null && !deleted.isNull() && !deleted.isBoolean()) {
            throw invalid("deleted is true or false");
        }
        if (deleted != null && deleted.asBoolean(false)) {
            return new CanonicalRecord(fileName, true, null, null, null, null, null, null, null, null, null, null, null);
        }
        Instant start = time(record, "startTime");
        Instant end = time(record, "endTime");
        if (start != null && end != null && end.isBefore(start)) {
            throw invalid("endTime " + end + " is before startTime " + start);
        }
        String md5 = text(record, "md5", true);
        if (!MD5.matcher(md5).matches()) {
            throw invalid("md5 is 32 hex digits");
        }
        Long cksum = whole(record, "cksum", 0, MAX_CKSUM, false);
        String state = text(record, "state", true);
        if (!STATES.contains(state)) {
            throw invalid("state is archived or superseded, not '" + state + "'");
        }
        String qaFlag = text(record, "qaFlag", false);
        if (qaFlag != null && !QA_FLAGS.contains(qaFlag)) {
            throw invalid("qaFlag is good, suspect, bad, unchecked or null, not '" + qaFlag + "'");
        }
        Long orbit = whole(record, "orbit", Integer.MIN_VALUE, Integer.MAX_VALUE, false);
        return new CanonicalRecord(fileName, false, text(record, "esdt", true),
                whole(record, "collection", 0, Integer.MAX_VALUE, true).intValue(), start, end, time(record, "productionTime"),
                orbit == null ? null : orbit.intValue(), whole(record, "sizeBytes", 0, Long.MAX_VALUE, true), md5.toLowerCase(Locale.ROOT),
                cksum, state, qaFlag);
    }

    private static String text(JsonNode record, String field, boolean required) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid(field + " is required");
            }
            return null;
        }
        if (!value.isString()) {
            throw invalid(field + " is text");
        }
        try {
            return SearchInput.text(value.asString());
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    private static Instant time(JsonNode record, String field) {
        String text = text(record, field, false);
        if (text == null) {
            return null;
        }
        try {
            return SearchInput.time(text).truncatedTo(ChronoUnit.MICROS);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    private static Long whole(JsonNode record, String field, long min, long max, boolean required) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid(field + " is required");
            }
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw invalid(field + " is a whole number from " + min + " to " + max);
        }
        return value.asLong();
    }

    private static RecordRejected invalid(String detail) {
        return new RecordRejected(INVALID, detail);
    }
}
