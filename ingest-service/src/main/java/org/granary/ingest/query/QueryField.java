package org.granary.ingest.query;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.granary.ingest.granule.SearchInput;
import org.jooq.Field;
import tools.jackson.databind.JsonNode;

import static org.granary.ingest.schema.Tables.GRANULE;

/**
 * The granule fields a query may name, each with the type its values must have. A value the
 * database could not take (text with a control character, a time outside the years 1 to 9999, a
 * number beyond its column's type) is refused before any statement, as {@link SearchInput} says.
 */
// Each constant holds a jOOQ column of the generated schema and a static method reference, neither ever changed; Error
// Prone asks for types annotated @Immutable, which jOOQ's Field and java.util.function.Function are not.
@SuppressWarnings("ImmutableEnumChecker")
enum QueryField {
    ID("id", GRANULE.ID, QueryField::whole),
    ESDT("esdt", GRANULE.ESDT, QueryField::text),
    COLLECTION("collection", GRANULE.COLLECTION, QueryField::integer),
    FILE_NAME("fileName", GRANULE.FILE_NAME, QueryField::text),
    VERSION("version", GRANULE.VERSION, QueryField::integer),
    PRODUCT_KEY("productKey", GRANULE.PRODUCT_KEY, QueryField::text),
    START_TIME("startTime", GRANULE.START_TIME, QueryField::time),
    END_TIME("endTime", GRANULE.END_TIME, QueryField::time),
    ORBIT("orbit", GRANULE.ORBIT, QueryField::integer),
    PART("part", GRANULE.PART, QueryField::integer),
    PRODUCTION_TIME("productionTime", GRANULE.PRODUCTION_TIME, QueryField::time),
    SIZE_BYTES("sizeBytes", GRANULE.SIZE_BYTES, QueryField::whole),
    SHA256("sha256", GRANULE.SHA256, QueryField::text),
    MD5("md5", GRANULE.MD5, QueryField::text),
    CKSUM("cksum", GRANULE.CKSUM, QueryField::whole),
    QA_FLAG("qaFlag", GRANULE.QA_FLAG, QueryField::text),
    SOURCE("source", GRANULE.SOURCE, QueryField::text),
    PRODUCING_JOB("producingJob", GRANULE.PRODUCING_JOB, QueryField::text),
    INGESTED_AT("ingestedAt", GRANULE.INGESTED_AT, QueryField::time),
    STATE("state", GRANULE.STATE, QueryField::text);

    private static final Map<String, QueryField> BY_NAME = Arrays.stream(values()).collect(Collectors.toMap(QueryField::wireName, f -> f));

    private final String wireName;
    private final Field<?> column;
    private final Function<JsonNode, Object> valueReader;

    QueryField(String wireName, Field<?> column, Function<JsonNode, Object> valueReader) {
        this.wireName = wireName;
        this.column = column;
        this.valueReader = valueReader;
    }

    String wireName() {
        return wireName;
    }

    @SuppressWarnings("unchecked")
    Field<Object> column() {
        return (Field<Object>) column;
    }

    /** The value as the column's type; a value of another type is the caller's error. */
    Object value(JsonNode node) {
        try {
            return valueReader.apply(node);
        } catch (RuntimeException e) {
            throw new QueryException("field '" + wireName + "' cannot take the value " + node + ": " + e.getMessage());
        }
    }

    static QueryField named(String name) {
        QueryField field = BY_NAME.get(name);
        if (field == null) {
            throw new QueryException("unknown field '" + name + "'; fields are " + String.join(", ", BY_NAME.keySet().stream().sorted().toList()));
        }
        return field;
    }

    private static Object text(JsonNode node) {
        if (!node.isString()) {
            throw new IllegalArgumentException("a string is expected");
        }
        return SearchInput.text(node.asString());
    }

    private static Object whole(JsonNode node) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("a whole number is expected");
        }
        if (!node.canConvertToLong()) {
            throw new IllegalArgumentException("a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + " is expected");
        }
        return node.longValue();
    }

    private static Object integer(JsonNode node) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("a whole number is expected");
        }
        if (!node.canConvertToInt()) {
            throw new IllegalArgumentException("a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + " is expected");
        }
        return node.intValue();
    }

    private static Object time(JsonNode node) {
        if (!node.isString()) {
            throw new IllegalArgumentException("a UTC time such as 2004-10-01T00:00:00Z is expected");
        }
        return OffsetDateTime.ofInstant(SearchInput.time(node.asString()), ZoneOffset.UTC);
    }
}
