package org.granary.ingest.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;

import static org.granary.ingest.schema.Tables.GRANULE;

/**
 * A compiled query:
 * <pre>{@code
 * {"where": {"and": [{"field": "esdt", "op": "eq", "value": "OMTO3"},
 *                    {"or": [{"field": "orbit", "op": "between", "value": [1100, 1200]},
 *                            {"not": {"field": "source", "op": "in", "value": ["a", "b"]}}]}]},
 *  "orderBy": [{"field": "startTime", "direction": "desc"}],
 *  "limit": 100}
 * }</pre>
 * Operators: eq, ne, lt, le, gt, ge, in, between, isNull, startsWith. Nesting is limited so that a
 * query cannot make the database work without bound.
 */
record GranuleQuery(Condition condition, List<SortField<?>> orderBy, int limit) {
    static final int MAX_LIMIT = 1000;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_CONDITIONS = 64;
    private static final Set<String> TOP_LEVEL = Set.of("where", "orderBy", "limit");

    static GranuleQuery compile(JsonNode query) {
        if (query == null || !query.isObject()) {
            throw new QueryException("a query is a JSON object with 'where', 'orderBy' and 'limit'");
        }
        for (String key : query.propertyNames()) {
            if (!TOP_LEVEL.contains(key)) {
                throw new QueryException("unknown key '" + key + "'; a query has where, orderBy and limit");
            }
        }
        int[] budget = {MAX_CONDITIONS};
        Condition condition = query.has("where") ? condition(query.get("where"), 0, budget) : DSL.noCondition();
        return new GranuleQuery(condition, orderBy(query.get("orderBy")), limit(query.get("limit")));
    }

    private static Condition condition(JsonNode node, int depth, int[] budget) {
        if (depth > MAX_DEPTH || --budget[0] < 0) {
            throw new QueryException("too deep or too many conditions (at most " + MAX_DEPTH + " levels and " + MAX_CONDITIONS + " conditions)");
        }
        if (node == null || !node.isObject() || node.size() == 0) {
            throw new QueryException("a condition is an object: {\"and\": [...]}, {\"or\": [...]}, {\"not\": {...}} or {\"field\", \"op\", \"value\"}");
        }
        if (node.has("and") || node.has("or")) {
            String junction = node.has("and") ? "and" : "or";
            JsonNode parts = node.get(junction);
            if (node.size() != 1 || !parts.isArray() || parts.isEmpty()) {
                throw new QueryException("'" + junction + "' takes a non-empty list of conditions and nothing beside it");
            }
            List<Condition> conditions = new ArrayList<>();
            parts.forEach(part -> conditions.add(condition(part, depth + 1, budget)));
            return junction.equals("and") ? DSL.and(conditions) : DSL.or(conditions);
        }
        if (node.has("not")) {
            if (node.size() != 1) {
                throw new QueryException("'not' takes one condition and nothing beside it");
            }
            return DSL.not(condition(node.get("not"), depth + 1, budget));
        }
        return comparison(node);
    }

    private static Condition comparison(JsonNode node) {
        for (String key : node.propertyNames()) {
            if (!Set.of("field", "op", "value").contains(key)) {
                throw new QueryException("unknown key '" + key + "' in a comparison; it has field, op and value");
            }
        }
        if (!node.path("field").isString() || !node.path("op").isString()) {
            throw new QueryException("a comparison needs 'field' and 'op' as strings: " + node);
        }
        QueryField field = QueryField.named(node.get("field").asString());
        String op = node.get("op").asString();
        JsonNode value = node.get("value");
        return switch (op) {
            case "eq" -> field.column().eq(field.value(required(value, op)));
            case "ne" -> field.column().ne(field.value(required(value, op)));
            case "lt" -> field.column().lt(field.value(required(value, op)));
            case "le" -> field.column().le(field.value(required(value, op)));
            case "gt" -> field.column().gt(field.value(required(value, op)));
            case "ge" -> field.column().ge(field.value(required(value, op)));
            case "isNull" -> field.column().isNull();
            case "startsWith" -> {
                if (!String.class.equals(field.column().getType())) {
                    throw new QueryException("'startsWith' applies to text fields, not to '" + field.wireName() + "'");
                }
                yield field.column().cast(String.class).startsWith(DSL.val((String) field.value(required(value, op))));
            }
            case "in" -> field.column().in(list(field, value, op, 1, 1000));
            case "between" -> {
                List<Object> bounds = list(field, value, op, 2, 2);
                yield field.column().between(bounds.get(0), bounds.get(1));
            }
            default -> throw new QueryException("unknown op '" + op + "'; ops are eq, ne, lt, le, gt, ge, in, between, isNull, startsWith");
        };
    }

    private static JsonNode required(JsonNode value, String op) {
        if (value == null || value.isNull()) {
            throw new QueryException("'" + op + "' needs a value");
        }
        return value;
    }

    private static List<Object> list(QueryField field, JsonNode value, String op, int min, int max) {
        if (value == null || !value.isArray() || value.size() < min || value.size() > max) {
            throw new QueryException("'" + op + "' takes a list of " + (min == max ? String.valueOf(min) : min + " to " + max) + " values");
        }
        List<Object> values = new ArrayList<>();
        value.forEach(element -> values.add(field.value(element)));
        return values;
    }

    private static List<SortField<?>> orderBy(JsonNode node) {
        List<SortField<?>> sort = new ArrayList<>();
        if (node != null) {
            if (!node.isArray() || node.size() > 4) {
                throw new QueryException("'orderBy' is a list of at most 4 {\"field\", \"direction\"}");
            }
            for (JsonNode part : node) {
                QueryField field = QueryField.named(part.path("field").asString(""));
                String direction = part.path("direction").asString("asc");
                sort.add(switch (direction) {
                    case "asc" -> field.column().asc();
                    case "desc" -> field.column().desc();
                    default -> throw new QueryException("direction is asc or desc, not '" + direction + "'");
                });
            }
        }
        sort.add(GRANULE.ID.asc()); // a total order, so pages do not shuffle
        return sort;
    }

    private static int limit(JsonNode node) {
        if (node == null) {
            return 100;
        }
        // Asked of a number beyond an int, intValue() would throw rather than answer.
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_LIMIT) {
            throw new QueryException("'limit' is a whole number from 1 to " + MAX_LIMIT);
        }
        return node.intValue();
    }
}
